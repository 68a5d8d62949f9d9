/*
 * Tokens of chainrule's formula language (the LaTeX math that ML course staff write).
 *
 * Commands are read whole ('\' plus letters) and matched against the table below; anything else
 * falls through to UNKNOWN_CMD, so '\fracx' is one unknown command, never '\frac' + 'x'. The token
 * pre-pass (TokenPrepass.java) rejects UNKNOWN_CMD, DANGEROUS, STRAY, BAD_NUMBER and BAD_CHAR with
 * a located reason, and rewrites some tokens into the virtual types declared in 'tokens {}'.
 */
lexer grammar FormulaLexer;

// Virtual token types produced by TokenPrepass, never by the lexer itself.
tokens {
    BAR_OPEN, BAR_CLOSE, NORM_OPEN, NORM_CLOSE, EVALBAR,
    BEGIN_CASES, END_CASES, BEGIN_MATRIX, END_MATRIX, BEGIN_ALIGN, END_ALIGN,
    COND_WORD, OTHERWISE, EULER, PROSE
}

// ------------------------------------------------------------------ ignored

WS         : [ \t\r\n]+ -> skip ;
SPACING    : ( '\\,' | '\\;' | '\\:' | '\\!' | '\\ ' | '~' | '\\displaystyle' | '\\textstyle'
             | '\\limits' | '\\nolimits' ) -> skip ;

// ------------------------------------------------------------------ structure

BEGIN_ENV  : '\\begin' [ \t\r\n]* '{' [a-zA-Z]+ '*'? '}' ;
END_ENV    : '\\end' [ \t\r\n]* '{' [a-zA-Z]+ '*'? '}' ;
// \text{...} and friends are read whole: their content is words, not math.
TEXT       : ( '\\text' | '\\textrm' | '\\textit' | '\\textbf' | '\\mathrm' | '\\operatorname'
             | '\\mathit' | '\\textsf' | '\\mathsf' ) [ \t]* '{' ~[{}]* '}' ;
CIRCLED    : '\\textcircled' [ \t]* '{' ~[{}]* '}' | [\u2460-\u2473] ;
LEFT       : '\\left' ;
RIGHT      : '\\right' ;
SIZE       : '\\big' | '\\Big' | '\\bigg' | '\\Bigg' | '\\bigl' | '\\bigr' | '\\Bigl' | '\\Bigr'
           | '\\biggl' | '\\biggr' | '\\Biggl' | '\\Biggr' | '\\bigm' | '\\Bigm' ;
QUAD       : '\\quad' | '\\qquad' ;
ROWSEP     : '\\\\' ;
AMP        : '&' ;

// ------------------------------------------------------------------ operators

PLUS       : '+' ;
MINUS      : '-' | '\u2212' ;
STAR       : '*' | '\u2217' ;
SLASH      : '/' ;
CDOT       : '\\cdot' | '\u00B7' | '\u22C5' ;
TIMES      : '\\times' | '\u00D7' ;
ODOT       : '\\odot' | '\u2299' ;
CARET      : '^' ;
UNDERSCORE : '_' ;
PRIME      : '\'' | '\u2032' ;

DEF        : ':=' | '\\coloneqq' ;
EQ         : '=' ;
NE         : '\\ne' | '\\neq' | '\u2260' ;
LT         : '<' | '\\lt' ;
LE         : '\\le' | '\\leq' | '\\leqslant' | '\u2264' ;
GT         : '>' | '\\gt' ;
GE         : '\\ge' | '\\geq' | '\\geqslant' | '\u2265' ;
IN         : '\\in' | '\u2208' ;
APPROX     : '\\approx' | '\u2248' ;
EQUIV      : '\\equiv' | '\u2261' ;
COLON      : ':' ;

TO         : '\\to' | '\\rightarrow' | '\\longrightarrow' | '\u2192' ;
LEFTARROW  : '\\leftarrow' | '\\longleftarrow' | '\u2190' ;
XARROW     : '\\xrightarrow' | '\\xleftarrow' ;
IMPLIES    : '\\Rightarrow' | '\\implies' | '\\Longrightarrow' | '\u21D2' ;
THEREFORE  : '\\therefore' | '\u2234' ;
BECAUSE    : '\\because' | '\u2235' ;

// ------------------------------------------------------------------ brackets

LPAREN     : '(' ;
RPAREN     : ')' ;
LBRACK     : '[' ;
RBRACK     : ']' ;
LBRACE     : '{' ;
RBRACE     : '}' ;
LCURLY     : '\\{' | '\\lbrace' ;
RCURLY     : '\\}' | '\\rbrace' ;
DBAR       : '||' ;
BAR        : '|' | '\\vert' ;
NORM       : '\\|' | '\\Vert' | '\u2016' ;
LVERT      : '\\lvert' ;
RVERT      : '\\rvert' ;
LNORM      : '\\lVert' ;
RNORM      : '\\rVert' ;
COMMA      : ',' ;
SEMI       : ';' ;
DOT        : '.' ;

// ------------------------------------------------------------------ atoms

BAD_NUMBER : [0-9]+ '.' [0-9]+ ( '.' [0-9]+ )+ ;
NUMBER     : [0-9]+ ( '.' [0-9]+ )? ;
D          : 'd' ;
LETTER     : [a-zA-Z] ;
GREEK      : '\\alpha' | '\\beta' | '\\gamma' | '\\delta' | '\\epsilon' | '\\varepsilon' | '\\zeta'
           | '\\eta' | '\\theta' | '\\vartheta' | '\\iota' | '\\kappa' | '\\lambda' | '\\mu' | '\\nu'
           | '\\xi' | '\\rho' | '\\varrho' | '\\sigma' | '\\tau' | '\\upsilon' | '\\phi' | '\\varphi'
           | '\\chi' | '\\psi' | '\\omega' | '\\Gamma' | '\\Delta' | '\\Theta' | '\\Lambda' | '\\Xi'
           | '\\Pi' | '\\Sigma' | '\\Phi' | '\\Psi' | '\\Omega' | '\\Upsilon' | '\\ell'
           | [\u03B1-\u03BF] | [\u03C1-\u03C9] | '\u0393' | '\u0394' | '\u0398' | '\u039B' | '\u039E' | '\u03A0'
           | '\u03A3' | '\u03A6' | '\u03A8' | '\u03A9' | '\u03B5' | '\u03D5' | '\u2113' ;
PI         : '\\pi' | '\u03C0' ;
INFTY      : '\\infty' | '\u221E' ;
PARTIAL    : '\\partial' | '\u2202' ;
NABLA      : '\\nabla' | '\u2207' ;
DOTS       : '\\dots' | '\\ldots' | '\\cdots' | '\\vdots' | '\\ddots' | '\\dotsb' | '\\dotsc'
           | '\u2026' | '\u22EF' | '\u22EE' | '\u22F1' ;
TOP        : '\\top' | '\\intercal' ;

FRAC       : '\\frac' | '\\dfrac' | '\\tfrac' ;
SQRT       : '\\sqrt' ;
FN         : '\\exp' | '\\ln' | '\\sin' | '\\cos' | '\\tan' | '\\sinh' | '\\cosh' | '\\tanh' ;
LOG        : '\\log' ;
MAXMIN     : '\\max' | '\\min' ;
// Operator names with no built-in meaning; applied like abstract functions (\dim(x)).
OPNAME     : '\\dim' | '\\det' | '\\tr' ;
SUM        : '\\sum' | '\u2211' ;
PROD       : '\\prod' | '\u220F' ;
LIM        : '\\lim' ;

ACCENT     : '\\hat' | '\\widehat' | '\\bar' | '\\overline' | '\\tilde' | '\\widetilde' | '\\vec'
           | '\\dot' | '\\ddot' | '\\check' ;
FONT       : '\\mathbf' | '\\boldsymbol' | '\\bm' | '\\mathcal' ;
MATHBB     : '\\mathbb' ;
GROUPING   : '\\boxed' | '\\cancel' | '\\underline' ;
BRACE_LABEL: '\\underbrace' | '\\overbrace' ;
// Only meaningful inside an \underbrace label, which the pre-pass drops.
SUBSTACK   : '\\substack' ;

// Commands that would reach outside a formula in real TeX; always rejected.
DANGEROUS  : '\\input' | '\\write' | '\\immediate' | '\\openout' | '\\openin' | '\\read' | '\\def'
           | '\\edef' | '\\gdef' | '\\xdef' | '\\let' | '\\newcommand' | '\\renewcommand'
           | '\\providecommand' | '\\catcode' | '\\csname' | '\\endcsname' | '\\include'
           | '\\usepackage' | '\\href' | '\\url' | '\\includegraphics' | '\\special' | '\\jobname'
           | '\\expandafter' | '\\DeclareMathOperator' ;

UNKNOWN_CMD: '\\' [a-zA-Z]+ ;
BAD_ESCAPE : '\\' . ;
STRAY      : '%' | '$' | '#' ;
BAD_CHAR   : . ;
