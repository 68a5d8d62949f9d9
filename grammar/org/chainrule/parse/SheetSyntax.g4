/*
 * Syntax of a problem sheet: a sequence of directives and prose. Which directives exist, how many
 * arguments each takes and what they mean is decided by SheetBuilder, so an unknown directive is an
 * error naming it, located in the sheet.
 */
parser grammar SheetSyntax;

options { tokenVocab = SheetLexer; }

sheet
    : item* EOF
    ;

item
    : COMMAND argument*               # directive
    | DOLLAR mathBody MATH_CLOSE      # inlineMath
    | (TEXT | ESCAPED | NEWLINE)      # prose
    | RBRACE                          # strayClose
    | STRAY                           # strayChar
    ;

argument
    : LBRACE argBody ARG_CLOSE
    ;

argBody
    : (ARG_TEXT | ARG_ESC | ARG_OPEN argBody ARG_CLOSE)*
    ;

mathBody
    : (MATH_TEXT | MATH_ESC)*
    ;
