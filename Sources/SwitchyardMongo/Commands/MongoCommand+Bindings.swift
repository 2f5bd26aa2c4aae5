import Switchyard

extension MongoCommand {
    /// The command with every `$N` placeholder replaced by `values[N - 1]`.
    func bound(to values: [Value]) -> MongoCommand {
        guard !values.isEmpty else { return self }
        let bind = { (value: Value) in value.substitutingPlaceholders(values) }
        let bindDoc = { (document: Document) in document.substitutingPlaceholders(values) }
        switch self {
        case .find(var find):
            find.filter = bindDoc(find.filter)
            find.projection = find.projection.map(bindDoc)
            find.sort = find.sort.map(bindDoc)
            find.hint = find.hint.map(bind)
            return .find(find)
        case .aggregate(let c, let pipeline, let options): return .aggregate(collection: c, pipeline: pipeline.map(bind), options: bindDoc(options))
        case .countDocuments(let c, let filter, let options): return .countDocuments(collection: c, filter: bindDoc(filter), options: bindDoc(options))
        case .distinct(let c, let field, let filter): return .distinct(collection: c, field: field, filter: bindDoc(filter))
        case .insert(let c, let documents): return .insert(collection: c, documents: documents.map(bindDoc))
        case .update(let c, let filter, let update, let many, let options):
            return .update(collection: c, filter: bindDoc(filter), update: bind(update), many: many, options: bindDoc(options))
        case .replace(let c, let filter, let replacement, let options):
            return .replace(collection: c, filter: bindDoc(filter), replacement: bindDoc(replacement), options: bindDoc(options))
        case .delete(let c, let filter, let many): return .delete(collection: c, filter: bindDoc(filter), many: many)
        case .createIndex(let c, let keys, let options): return .createIndex(collection: c, keys: bindDoc(keys), options: bindDoc(options))
        case .createCollection(let name, let options): return .createCollection(name: name, options: bindDoc(options))
        case .runCommand(let command): return .runCommand(bindDoc(command))
        case .estimatedCount, .listIndexes, .drop, .listCollections, .listDatabases, .use: return self
        }
    }
}

extension Value {
    /// This value with placeholders (`$N`) replaced by `values[N - 1]`; one pass, so a
    /// bound value that looks like a placeholder stays as it is.
    func substitutingPlaceholders(_ values: [Value]) -> Value {
        switch self {
        case .scalar(let s) where s.type == MongoShellParser.placeholderType:
            guard let n = Int(s.text), n >= 1, n <= values.count else { return self }
            return values[n - 1]
        case .document(let d): return .document(d.substitutingPlaceholders(values))
        case .array(let a): return .array(a.map { $0.substitutingPlaceholders(values) })
        default: return self
        }
    }
}

extension Document {
    func substitutingPlaceholders(_ values: [Value]) -> Document {
        Document(fields.map { Document.Field($0.name, $0.value.substitutingPlaceholders(values)) })
    }
}
