import Switchyard

/// What the adapter needs to know about SQL text before sending it: how many `$n`
/// parameters it uses and where its statements start and end.
///
/// It knows PostgreSQL's lexical rules just far enough to never be fooled by a `$1` or
/// a `;` inside a string (`'…'`, `E'…\'…'`), a quoted identifier, a dollar-quoted body
/// (`$fn$ … $fn$`), a comment (`--`, nested `/* */`) or the body of a
/// `CREATE FUNCTION … BEGIN ATOMIC …; END` (``SQLStatementBlocks``).
struct PostgresSQLText {
    /// One statement of the text.
    struct Piece: Sendable, Hashable {
        var text: String
        /// Characters (Unicode scalars, as PostgreSQL counts them) before it in the whole text,
        /// to turn an error position within the piece into one within the whole text.
        var characterOffset: Int
    }

    /// The highest `$n` used; 0 when there are none.
    private(set) var parameterCount = 0
    /// The statements, without the separating `;`; pieces holding only blanks or comments are left out.
    private(set) var pieces: [Piece] = []

    init(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var pieceStart = 0
        var pieceHasContent = false
        var blocks = SQLStatementBlocks()

        // As PostgreSQL's lexer reads bytes: any non-ASCII character is an identifier character
        // (a letter, but also a combining mark or an emoji), and only ASCII blanks separate.
        func isIdentifier(_ s: Unicode.Scalar) -> Bool {
            !s.isASCII || ("a"..."z").contains(s) || ("A"..."Z").contains(s) || s == "_" || ("0"..."9").contains(s) || s == "$"
        }
        func isBlank(_ s: Unicode.Scalar) -> Bool { s == " " || ("\t"..."\r").contains(s) }
        func previousIsIdentifier(_ at: Int) -> Bool { at > 0 && isIdentifier(scalars[at - 1]) }
        func closePiece(at end: Int) {
            if pieceHasContent {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[pieceStart..<end])
                pieces.append(Piece(text: String(view), characterOffset: pieceStart))
            }
            pieceStart = end + 1
            pieceHasContent = false
            blocks = SQLStatementBlocks()
        }

        while index < scalars.count {
            let c = scalars[index]
            let next: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
            switch c {
            case "-" where next == "-":
                while index < scalars.count, scalars[index] != "\n", scalars[index] != "\r" { index += 1 }
                continue
            case "/" where next == "*":
                var depth = 0
                while index < scalars.count {
                    if scalars[index] == "/", index + 1 < scalars.count, scalars[index + 1] == "*" {
                        depth += 1
                        index += 2
                    } else if scalars[index] == "*", index + 1 < scalars.count, scalars[index + 1] == "/" {
                        depth -= 1
                        index += 2
                        if depth == 0 { break }
                    } else {
                        index += 1
                    }
                }
                continue
            case "'":
                let escapes = index > 0 && (scalars[index - 1] == "E" || scalars[index - 1] == "e") && !previousIsIdentifier(index - 1)
                index += 1
                while index < scalars.count {
                    if escapes, scalars[index] == "\\" {
                        index += 2
                    } else if scalars[index] == "'" {
                        if index + 1 < scalars.count, scalars[index + 1] == "'" { index += 2 } else { break }
                    } else {
                        index += 1
                    }
                }
                pieceHasContent = true
            case "\"":
                index += 1
                while index < scalars.count {
                    if scalars[index] == "\"" {
                        if index + 1 < scalars.count, scalars[index + 1] == "\"" { index += 2 } else { break }
                    } else {
                        index += 1
                    }
                }
                pieceHasContent = true
            case "$" where !previousIsIdentifier(index):
                pieceHasContent = true
                var end = index + 1
                if let first = next, ("0"..."9").contains(first) {
                    var number = 0
                    while end < scalars.count, ("0"..."9").contains(scalars[end]) {
                        number = min(number * 10 + Int(scalars[end].value - 0x30), 1_000_000)
                        end += 1
                    }
                    parameterCount = max(parameterCount, number)
                    index = end
                    continue
                }
                while end < scalars.count, isIdentifier(scalars[end]), scalars[end] != "$" { end += 1 }
                guard end < scalars.count, scalars[end] == "$" else { break }
                let tag = Array(scalars[index...end])
                var search = end + 1
                var closed = scalars.count - 1
                while search + tag.count <= scalars.count {
                    if Array(scalars[search..<search + tag.count]) == tag {
                        closed = search + tag.count - 1
                        break
                    }
                    search += 1
                }
                index = closed
            case ";" where blocks.semicolonEnds:
                closePiece(at: index)
            case "(", ")":
                pieceHasContent = true
                blocks.see(punctuation: c == "(" ? "(" : ")")
            default:
                if !isBlank(c) { pieceHasContent = true }
                if blocks.watchesWords, isIdentifier(c), c != "$", !previousIsIdentifier(index) {
                    var end = index + 1
                    while end < scalars.count, isIdentifier(scalars[end]) { end += 1 }
                    var word = String.UnicodeScalarView()
                    word.append(contentsOf: scalars[index..<end])
                    blocks.see(word: Substring(String(word)))
                    index = end
                    continue
                }
            }
            index += 1
        }
        closePiece(at: scalars.count)
    }

    /// Whether the text holds more than one statement.
    var isMultiStatement: Bool { pieces.count > 1 }
}
