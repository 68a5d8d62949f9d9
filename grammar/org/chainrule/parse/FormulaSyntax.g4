/*
 * Syntax of chainrule's formula language. The token stream first goes through TokenPrepass, which
 * pairs \left/\right, tells opening from closing bars, names environments, drops layout, and moves
 * remarks ("by chain rule", circled labels) out of the way; so this grammar sees BAR_OPEN/BAR_CLOSE,
 * BEGIN_CASES/END_CASES and so on, never \left or \big.
 *
 * Precedence, loosest first: statement separators, relations, + and -, products (explicit operators
 * and juxtaposition share one level, left to right), unary sign, scripts, atoms. What TeX leaves
 * to context (is f(x) a call or a product? is \frac{d}{dx} an operator?) is decided by the visitor,
 * ExprBuilder, which sees whole runs of factors.
 */
parser grammar FormulaSyntax;

options { tokenVocab = FormulaLexer; }

// ------------------------------------------------------------------ statements

// A formula may continue the previous one ("= \frac{e^{-x}}{(1 + e^{-x})^2}" on its own line):
// the leading relation is kept in Parsed.continues.
formula
    : lead=leadWord? cont=relOp? (statement (separator statement)*)? trail=(DOT | COMMA)? EOF
    ;

leadWord
    : op=(IMPLIES | THEREFORE | BECAUSE)
    ;

separator
    : op=(COMMA | SEMI | QUAD | IMPLIES | THEREFORE | BECAUSE)
    | QUAD op=(COMMA | SEMI | IMPLIES | THEREFORE | BECAUSE) QUAD?
    ;

statement
    : relation
    ;

// A chain of one or more relations: 0 \le p \le 1 is one statement.
relation
    : expr (relTail)*
    ;

relTail
    : relOp expr
    ;

relOp
    : op=(EQ | DEF | NE | LT | LE | GT | GE | IN | APPROX | EQUIV)
    ;

// ------------------------------------------------------------------ arithmetic

expr
    : product (addTail)*
    ;

addTail
    : op=(PLUS | MINUS) product
    ;

product
    : unary (mulTail)*
    ;

mulTail
    : op=(CDOT | TIMES | STAR | SLASH | ODOT) unary   # explicitMul
    | postfix                                        # implicitMul
    ;

unary
    : op=(PLUS | MINUS) unary                        # signedUnary
    | postfix                                        # plainUnary
    ;

// The arguments of an unbracketed function (\ln 2x) and the body of a derivative operator: a run
// of juxtaposed factors that stops at any explicit operator.
factorRun
    : runItem+
    ;

runItem
    : atom (script)* (evalBar)?
    ;

// The body of a derivative operator may start with a call: \frac{\partial}{\partial h} \max(0, 1 - y h).
derivBody
    : postfix runItem*
    ;

// ------------------------------------------------------------------ scripts

postfix
    : (call | atom) (script)* (evalBar)?
    ;

script
    : UNDERSCORE scriptArg                           # subScript
    | CARET scriptArg                                # supScript
    | PRIME+                                         # primes
    ;

// TeX takes one token after ^ or _ unless braced (the pre-pass split x^10 into x^1 0).
scriptArg
    : LBRACE scriptBody RBRACE                       # bracedScript
    | MINUS? NUMBER                                  # numberScript
    | TOP                                            # topScript
    | STAR                                           # starScript
    | INFTY                                          # infinityScript   // \|w\|_\infty
    | single=(LETTER | D | GREEK | TEXT | EULER)     # letterScript
    | ident                                          # identScript
    ;

scriptBody
    : TOP                                            # topBody
    | STAR                                           # starBody
    | LPAREN relation (COMMA relation)* RPAREN       # parenIndexBody
    | LBRACK relation (COMMA relation)* RBRACK       # bracketIndexBody
    | relation (COMMA relation)*                     # listBody
    ;

evalBar
    : EVALBAR UNDERSCORE scriptArg
    ;

// ------------------------------------------------------------------ atoms

// Applications that take the following factors as their argument or body.
// A built-in may carry primes, its derivative: \tanh'(x), \log''(x).
call
    : FRAC LBRACE diffOp order=supNumber? RBRACE LBRACE differentials RBRACE body=derivBody?  # derivOperator
    | FN primes+=PRIME* power=supArg? args=fnArgs?                 # builtinCall
    | LOG (UNDERSCORE base=fracArg)? primes+=PRIME* power=supArg? args=fnArgs?   # logCall
    | MAXMIN LPAREN relation (COMMA relation)* RPAREN            # maxMinParen
    | MAXMIN LCURLY relation (COMMA relation)* RCURLY            # maxMinCurly
    | bigOperation                                  # bigOperator
    | LIM UNDERSCORE LBRACE var=ident TO to=expr limSide? RBRACE body=product?   # limit
    ;

bigOperation
    : bigOp=(SUM | PROD) bounds* body=product?
    ;

atom
    : LPAREN relation (COMMA relation)* RPAREN      # parenGroup
    | LBRACK relation (COMMA relation)* RBRACK      # bracketGroup
    | LCURLY relation (COMMA relation)* RCURLY      # curlyGroup
    | LBRACE relation RBRACE                        # braceGroup
    | BAR_OPEN expr BAR_CLOSE                       # absGroup
    | NORM_OPEN expr NORM_CLOSE                     # normGroup
    | GROUPING LBRACE relation RBRACE               # styledGroup
    | BRACE_LABEL LBRACE expr RBRACE                # labelledGroup
    | FRAC LBRACE diffOp order=supNumber? num=expr RBRACE LBRACE differentials RBRACE   # derivFrac
    | FRAC fracArg fracArg                          # fracExpr
    | PARTIAL num=postfix SLASH differentials       # slashDeriv
    | SQRT (LBRACK index=expr RBRACK)? fracArg      # sqrtExpr
    | indicatorHead LPAREN relation RPAREN          # indicatorParen
    | indicatorHead LBRACK relation RBRACK          # indicatorBracket
    | indicatorHead UNDERSCORE LBRACE relation RBRACE   # indicatorSub
    | MATHBB LBRACE field=LETTER RBRACE             # space
    | BEGIN_CASES caseRow (ROWSEP caseRow)* ROWSEP? END_CASES         # cases
    | BEGIN_MATRIX matrixRow (ROWSEP matrixRow)* ROWSEP? END_MATRIX   # matrix
    | BEGIN_ALIGN alignLine (ROWSEP alignLine)* ROWSEP? END_ALIGN     # aligned
    | NUMBER                                        # number
    | PI                                            # pi
    | INFTY                                         # infinity
    | DOTS                                          # dots
    | EULER                                         # euler
    | OPNAME                                        # operatorName
    | NABLA ident                                   # nablaIdent
    | ident                                         # identifier
    ;

supNumber
    : CARET NUMBER
    | CARET LBRACE NUMBER RBRACE
    ;

supArg
    : CARET scriptArg
    ;

fracArg
    : LBRACE expr RBRACE                            # bracedArg
    | single=(NUMBER | LETTER | D | GREEK | EULER)  # tokenArg
    ;

// \log \sum_k e^{a_k}: an unbracketed \sum or \prod is the whole argument, as a run of factors is.
fnArgs
    : LPAREN relation (COMMA relation)* RPAREN     # parenArgs
    | bigOperation                                 # bigOpArgs
    | factorRun                                    # runArgs
    ;

bounds
    : UNDERSCORE LBRACE ident EQ from=expr RBRACE  # lowerBoundEq
    | UNDERSCORE scriptArg                          # lowerIndex
    | CARET scriptArg                               # upperBound
    ;

limSide
    : CARET (sign=(PLUS | MINUS) | LBRACE sign=(PLUS | MINUS) RBRACE)
    ;

indicatorHead
    : (FONT | MATHBB) LBRACE one=NUMBER RBRACE
    ;

// ------------------------------------------------------------------ derivatives

diffOp
    : D | PARTIAL
    ;

differentials
    : (differential)+
    ;

// dh(x): the variable may itself be an application.
differential
    : diffOp wrt=postfix (LPAREN relation (COMMA relation)* RPAREN)?
    ;

// ------------------------------------------------------------------ environments

caseRow
    : value=relation COMMA? AMP COMMA? condition
    ;

condition
    : OTHERWISE                                     # otherwiseCondition
    | COND_WORD? relation                           # relationCondition
    ;

matrixRow
    : relation (AMP relation)*
    ;

alignLine
    : leadWord? relation                            # freshLine
    | relTail+                                      # chainLine
    | op=(PLUS | MINUS) product (addTail)* relTail* # sumLine
    ;

// ------------------------------------------------------------------ identifiers

ident
    : single=(LETTER | D | GREEK)                   # plainIdent
    | TEXT                                          # textIdent
    | ACCENT LBRACE ident (UNDERSCORE scriptArg)? RBRACE   # accentBraced
    | ACCENT ident                                  # accentBare
    | FONT LBRACE ident (UNDERSCORE scriptArg)? RBRACE     # fontBraced
    | FONT ident                                    # fontBare
    ;
