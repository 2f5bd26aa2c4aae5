/// Helps a line-based REPL read `.mongo` statements that span lines.
///
/// mongosh users press Enter inside an open `{`, `[` or `(`; the statement is complete
/// once every bracket is closed outside strings, comments and regular expressions.
public enum MongoShellInput {
    /// Whether `text` holds a complete statement (brackets balanced, no open string or
    /// comment) rather than the first lines of one.
    public static func isComplete(_ text: String) -> Bool {
        var depth = 0
        var scalars = Array(text.unicodeScalars)[...]
        var sawWord = false
        /// The last significant scalar, to tell a regex `/` from other slashes.
        var previous: Unicode.Scalar?
        while let c = scalars.popFirst() {
            switch c {
            case "\"", "'", "`":
                var escaped = false
                var closed = false
                while let d = scalars.popFirst() {
                    if escaped { escaped = false } else if d == "\\" { escaped = true } else if d == c { closed = true; break }
                }
                guard closed else { return false }
            case "/" where scalars.first == "/":
                while let d = scalars.popFirst(), d != "\n" {}
                continue
            case "/" where scalars.first == "*":
                scalars.removeFirst()
                var closed = false
                while let d = scalars.popFirst() {
                    if d == "*", scalars.first == "/" { scalars.removeFirst(); closed = true; break }
                }
                guard closed else { return false }
                continue
            case "/" where previous == nil || ":([,=!&|?{};".unicodeScalars.contains(previous!):
                var escaped = false
                var inClass = false
                while let d = scalars.popFirst(), d != "\n" {
                    if escaped { escaped = false } else if d == "\\" { escaped = true } else if d == "[" { inClass = true } else if d == "]" { inClass = false } else if d == "/", !inClass { break }
                }
            case "{", "[", "(": depth += 1
            case "}", "]", ")": depth -= 1
            default:
                if c.properties.isWhitespace { continue }
                sawWord = true
            }
            previous = c
        }
        return sawWord && depth <= 0
    }

    /// Words a REPL can offer after `db.<collection>.`: the methods the parser accepts.
    public static let collectionMethods = [
        "aggregate", "countDocuments", "createIndex", "deleteMany", "deleteOne", "distinct", "drop", "estimatedDocumentCount",
        "find", "findOne", "getIndexes", "insertMany", "insertOne", "replaceOne", "updateMany", "updateOne",
    ]

    /// Words a REPL can offer after `db.`, besides collection names.
    public static let databaseMethods = ["createCollection", "getCollection", "getCollectionNames", "runCommand"]

    /// Cursor methods after `find(…)`.
    public static let cursorMethods = ["batchSize", "count", "hint", "limit", "projection", "skip", "sort", "toArray"]
}
