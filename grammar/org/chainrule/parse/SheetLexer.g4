/*
 * Tokens of a problem sheet: LaTeX-like directives (\problem{…}, \let{…}, \find[…]{…}), prose with
 * inline $…$ math, and % comments. Directive arguments are taken raw, braces balanced, and parsed
 * afterwards with the formula grammar (for maths) or kept as prose; so the sheet grammar stays small
 * and every formula error is located by the formula parser, offset to its place in the sheet.
 */
lexer grammar SheetLexer;

COMMENT   : '%' ~[\r\n]* -> skip ;
ESCAPED   : '\\' [%$&_{}#\\ ] ;
// A command with its optional [option] in one token, so that '[' in prose stays prose.
COMMAND   : '\\' [a-zA-Z]+ ('[' ~[\]\r\n]* ']')? ;
LBRACE    : '{' -> pushMode(ARG) ;
RBRACE    : '}' ;
DOLLAR    : '$' -> pushMode(MATH) ;
NEWLINE   : '\r'? '\n' ;
TEXT      : ~[\\{}$%\r\n]+ ;
STRAY     : . ;

mode ARG;
ARG_OPEN  : '{' -> pushMode(ARG) ;
ARG_CLOSE : '}' -> popMode ;
ARG_ESC   : '\\' [{}%$\\] ;
ARG_COMMENT : '%' ~[\r\n]* -> skip ;
ARG_TEXT  : ~[{}\\%]+ | '\\' ;

mode MATH;
MATH_CLOSE : '$' -> popMode ;
MATH_ESC   : '\\$' ;
MATH_TEXT  : ~[$\\]+ | '\\' ;
