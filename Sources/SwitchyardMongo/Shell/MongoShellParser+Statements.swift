import Switchyard

/// A parsed `.mongo` statement: the command and how many bound values it needs.
struct MongoShellStatement: Sendable, Hashable {
    var command: MongoCommand
    /// The highest `$N` placeholder used; the statement needs exactly this many bindings.
    var placeholderCount: Int
}

extension MongoShellParser {
    /// Parses one statement: `db.<collection>.<method>(…)[.<modifier>(…)…]`, `db.<method>(…)`,
    /// `show collections|dbs`, `use <db>`; an optional trailing `;`.
    static func parse(_ text: String) throws -> MongoShellStatement {
        var parser = MongoShellParser(text)
        let command = try parser.statement()
        _ = try parser.lexer.consume(";")
        try parser.lexer.skipTrivia()
        guard parser.lexer.isAtEnd else { throw parser.lexer.error("the end of the statement") }
        return MongoShellStatement(command: command, placeholderCount: parser.placeholderCount)
    }

    private mutating func statement() throws -> MongoCommand {
        try lexer.skipTrivia()
        let start = lexer.position
        guard let word = try lexer.identifier() else { throw lexer.error("'db.', 'show' or 'use'") }
        switch word {
        case "db": return try databaseChain()
        case "show":
            let at = lexer.position
            switch try lexer.identifier() {
            case "collections", "tables": return .listCollections
            case "dbs", "databases": return .listDatabases
            default: throw lexer.error("'collections' or 'dbs' after 'show'", at: at)
            }
        case "use":
            try lexer.skipTrivia()
            var name = String.UnicodeScalarView()
            while let c = lexer.peek, MongoShellLexer.isIdentifierPart(c) || c == "-" || c == "." {
                name.append(c)
                lexer.advance()
            }
            guard !name.isEmpty else { throw lexer.error("a database name after 'use'") }
            return .use(database: String(name))
        default:
            throw lexer.error("'db.', 'show' or 'use' (not '\(word)')", at: start)
        }
    }

    /// After `db`: collection name parts, then a method on the database or the collection.
    private mutating func databaseChain() throws -> MongoCommand {
        var names: [String] = []
        while true {
            if try lexer.consume("[") {
                try lexer.skipTrivia()
                names.append(try lexer.string())
                try lexer.expect("]")
                continue
            }
            try lexer.expect(".", "'.' after '\(names.last ?? "db")'")
            let at = lexer.position
            guard let name = try lexer.identifier() else { throw lexer.error("a collection or method name", at: at) }
            try lexer.skipTrivia()
            guard lexer.peek == "(" else {
                names.append(name)
                continue
            }
            let args = try arguments()
            if names.isEmpty {
                if name == "getCollection" {
                    guard args.count == 1, case .text(let collection) = args[0].value else {
                        throw lexer.error("getCollection(\"name\")", at: at)
                    }
                    names.append(collection)
                    continue
                }
                return try databaseMethod(name, args, at: at)
            }
            return try collectionMethod(name, on: names.joined(separator: "."), args, at: at)
        }
    }

    private mutating func databaseMethod(_ name: String, _ args: [(value: Value, position: Int)], at: Int) throws -> MongoCommand {
        switch name {
        case "getCollectionNames":
            try count(args, 0...0, name, at)
            return .listCollections
        case "runCommand", "adminCommand":
            try count(args, 1...1, name, at)
            if case .text(let single) = args[0].value { return .runCommand([single: 1]) }
            return .runCommand(try document(args, 0, name))
        case "createCollection":
            try count(args, 1...2, name, at)
            guard case .text(let collection) = args[0].value else { throw lexer.error("createCollection(\"name\")", at: args[0].position) }
            return .createCollection(name: collection, options: args.count > 1 ? try document(args, 1, name) : [:])
        case "getName", "stats":
            return .runCommand(["dbStats": 1])
        default:
            throw lexer.error("a database method (getCollectionNames, runCommand, createCollection, getCollection) or db.<collection>.<method>", at: at)
        }
    }

    private func count(_ args: [(value: Value, position: Int)], _ range: ClosedRange<Int>, _ name: String, _ at: Int) throws {
        guard range.contains(args.count) else {
            let wanted = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
            throw lexer.error("\(wanted) argument(s) to \(name)(), not \(args.count)", at: at)
        }
    }

    private func document(_ args: [(value: Value, position: Int)], _ index: Int, _ name: String) throws -> Document {
        guard index < args.count else { return [:] }
        guard case .document(let d) = args[index].value else {
            throw lexer.error("a document as argument \(index + 1) of \(name)()", at: args[index].position)
        }
        return d
    }

    private func integer(_ args: [(value: Value, position: Int)], _ name: String, _ at: Int) throws -> Int64 {
        guard args.count == 1 else { throw lexer.error("one number in \(name)()", at: at) }
        switch args[0].value {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9e18: return Int64(d)
        case .scalar(let s) where s.type == MongoShellParser.placeholderType:
            throw lexer.error("a literal number in \(name)() (placeholders are for values in documents)", at: args[0].position)
        default: throw lexer.error("a whole number in \(name)()", at: args[0].position)
        }
    }

    private mutating func collectionMethod(
        _ name: String, on collection: String, _ args: [(value: Value, position: Int)], at: Int
    ) throws -> MongoCommand {
        switch name {
        case "find", "findOne":
            try count(args, 0...2, name, at)
            var find = MongoFind(collection: collection, filter: try document(args, 0, name))
            if args.count > 1 { find.projection = try document(args, 1, name) }
            if name == "findOne" { find.limit = -1 }
            return try cursorModifiers(find)
        case "aggregate":
            try count(args, 1...2, name, at)
            guard case .array(let pipeline) = args[0].value else { throw lexer.error("a pipeline array as argument 1 of aggregate()", at: args[0].position) }
            let command = MongoCommand.aggregate(collection: collection, pipeline: pipeline, options: try document(args, 1, name))
            try ignoredModifiers()
            return command
        case "countDocuments", "count":
            try count(args, 0...2, name, at)
            return .countDocuments(collection: collection, filter: try document(args, 0, name), options: try document(args, 1, name))
        case "estimatedDocumentCount":
            return .estimatedCount(collection: collection)
        case "distinct":
            try count(args, 1...2, name, at)
            guard case .text(let field) = args[0].value else { throw lexer.error("a field name as argument 1 of distinct()", at: args[0].position) }
            return .distinct(collection: collection, field: field, filter: try document(args, 1, name))
        case "insertOne":
            try count(args, 1...2, name, at)
            return .insert(collection: collection, documents: [try document(args, 0, name)])
        case "insertMany", "insert":
            try count(args, 1...2, name, at)
            if name == "insert", case .document(let single) = args[0].value { return .insert(collection: collection, documents: [single]) }
            guard case .array(let values) = args[0].value else { throw lexer.error("an array of documents as argument 1 of \(name)()", at: args[0].position) }
            var documents: [Document] = []
            for value in values {
                guard case .document(let d) = value else { throw lexer.error("only documents in the array given to \(name)()", at: args[0].position) }
                documents.append(d)
            }
            return .insert(collection: collection, documents: documents)
        case "updateOne", "updateMany", "update":
            try count(args, 2...3, name, at)
            let update = args[1].value
            switch update {
            case .document, .array: break
            default: throw lexer.error("an update document or pipeline as argument 2 of \(name)()", at: args[1].position)
            }
            var options = try document(args, 2, name)
            var many = name == "updateMany"
            if name == "update", case .bool(let multi)? = options["multi"] {
                many = multi
                options["multi"] = nil
            }
            return .update(collection: collection, filter: try document(args, 0, name), update: update, many: many, options: options)
        case "replaceOne":
            try count(args, 2...3, name, at)
            return .replace(collection: collection, filter: try document(args, 0, name), replacement: try document(args, 1, name),
                            options: try document(args, 2, name))
        case "deleteOne", "deleteMany", "remove":
            try count(args, 0...2, name, at)
            return .delete(collection: collection, filter: try document(args, 0, name), many: name != "deleteOne")
        case "createIndex", "ensureIndex":
            try count(args, 1...2, name, at)
            return .createIndex(collection: collection, keys: try document(args, 0, name), options: try document(args, 1, name))
        case "getIndexes", "listIndexes":
            try count(args, 0...0, name, at)
            return .listIndexes(collection: collection)
        case "drop":
            return .drop(collection: collection)
        default:
            throw lexer.error(
                "a collection method (find, findOne, aggregate, countDocuments, distinct, insertOne, insertMany, updateOne, updateMany, replaceOne, deleteOne, deleteMany, createIndex, getIndexes, drop), not '\(name)'",
                at: at)
        }
    }

    /// `.sort(…)`, `.limit(n)`, `.skip(n)`, `.batchSize(n)`, `.hint(…)`, `.projection(…)`, `.count()` after `find`.
    private mutating func cursorModifiers(_ find: MongoFind) throws -> MongoCommand {
        var find = find
        while try lexer.consume(".") {
            let at = lexer.position
            guard let name = try lexer.identifier() else { throw lexer.error("a cursor method after '.'") }
            let args = try arguments()
            switch name {
            case "sort": find.sort = try document(args, 0, name)
            case "projection": find.projection = try document(args, 0, name)
            case "limit": find.limit = try integer(args, name, at)
            case "skip": find.skip = try integer(args, name, at)
            case "batchSize": find.batchSize = try integer(args, name, at)
            case "hint":
                try count(args, 1...1, name, at)
                find.hint = args[0].value
            case "count", "itcount", "size":
                try ignoredModifiers()
                return .countDocuments(collection: find.collection, filter: find.filter, options: [:])
            case "toArray", "pretty", "explain": break
            default:
                throw lexer.error("a cursor method (sort, limit, skip, batchSize, hint, projection, count, toArray), not '\(name)'", at: at)
            }
        }
        return .find(find)
    }

    /// `.toArray()` and `.pretty()` change nothing here.
    private mutating func ignoredModifiers() throws {
        while try lexer.consume(".") {
            let at = lexer.position
            guard let name = try lexer.identifier(), ["toArray", "pretty"].contains(name) else {
                throw lexer.error("toArray() or pretty()", at: at)
            }
            _ = try arguments()
        }
    }
}
