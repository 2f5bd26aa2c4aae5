import Foundation

/// Decodes a `Decodable` type from a ``Row`` (top level) or a ``Value`` (nested).
///
/// Columns are found by coding key through the row's shared column index; values
/// convert with ``ValueConvertible``. Nested types read from documents, arrays, or
/// JSON text (how SQL backends store them).
public struct RowDecoder: Decoder {
    enum Source {
        case row(Row)
        case value(Value)
    }

    let source: Source
    public let codingPath: [any CodingKey]
    public var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// Creates a decoder for a top-level type whose coding keys name `row`'s columns.
    public init(row: Row) {
        self.source = .row(row)
        self.codingPath = []
    }

    init(value: Value, codingPath: [any CodingKey]) {
        self.source = .value(value)
        self.codingPath = codingPath
    }

    /// Decodes `T` from `value`.
    public static func decode<T: Decodable>(_ type: T.Type, from value: Value) throws -> T {
        try decodeValue(type, value, codingPath: [])
    }

    static func decodeValue<T: Decodable>(_ type: T.Type, _ value: Value, codingPath: [any CodingKey]) throws -> T {
        if let convertible = T.self as? any ValueConvertible.Type {
            if let converted = convertible.init(value: value) as? T { return converted }
            // SQL backends store arrays as JSON text: `[String]` must read `["a","b"]` too.
            guard case .text(let text) = value, text.first == "[" || text.first == "{",
                let parsed = try? JSON.parse(text), let converted = convertible.init(value: parsed) as? T
            else {
                let field = codingPath.map(\.stringValue).joined(separator: ".")
                throw SwitchyardError(
                    .typeMismatch, "field '\(field)' holds \(value.typeName) \(value), which does not convert to \(T.self)")
            }
            return converted
        }
        if let integerType = T.self as? any FixedWidthInteger.Type {
            guard let text = Int64(value: value).map(String.init) ?? (ExactDecimal(value: value)?.text),
                let converted = integerType.init(text, radix: 10) as? T
            else {
                let field = codingPath.map(\.stringValue).joined(separator: ".")
                throw SwitchyardError(.typeMismatch, "field '\(field)' holds \(value.typeName) \(value), which does not fit \(T.self)")
            }
            return converted
        }
        return try T(from: RowDecoder(value: value, codingPath: codingPath))
    }

    /// Keys name the row's columns, or a nested document's fields (JSON text is parsed first); throws
    /// `.typeMismatch` when a nested value is not a document.
    public func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch source {
        case .row(let row):
            return KeyedDecodingContainer(KeyedRowContainer<Key>(lookup: .row(row), codingPath: codingPath))
        case .value(let value):
            switch try structured(value) {
            case .document(let document):
                return KeyedDecodingContainer(KeyedRowContainer<Key>(lookup: .document(document), codingPath: codingPath))
            case let other:
                throw mismatch(other, expected: "a document")
            }
        }
    }

    /// Only nested values decode as arrays (JSON text is parsed first); a top-level row, or a value that is
    /// not an array, throws `.typeMismatch`.
    public func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .value(let value) = source else { throw mismatch(.null, expected: "an array") }
        guard case .array(let items) = try structured(value) else { throw mismatch(value, expected: "an array") }
        return UnkeyedValueContainer(items: items, codingPath: codingPath)
    }

    /// Only nested values decode as single values; a top-level row throws `.typeMismatch`.
    public func singleValueContainer() throws -> any SingleValueDecodingContainer {
        guard case .value(let value) = source else { throw mismatch(.null, expected: "a single value") }
        return SingleValueContainer(value: value, codingPath: codingPath)
    }

    /// SQL backends store nested values as JSON text; parse it when a structure is wanted.
    private func structured(_ value: Value) throws -> Value {
        if case .text(let text) = value { return try JSON.parse(text) }
        return value
    }

    private func mismatch(_ value: Value, expected: String) -> SwitchyardError {
        let field = codingPath.map(\.stringValue).joined(separator: ".")
        return SwitchyardError(.typeMismatch, "field '\(field)' holds \(value.typeName), expected \(expected)")
    }
}

enum FieldLookup {
    case row(Row)
    case document(Document)

    func value(_ name: String) -> Value? {
        switch self {
        case .row(let row): row[name]
        case .document(let document): document[name]
        }
    }

    var names: [String] {
        switch self {
        case .row(let row): row.columns.names
        case .document(let document): document.names
        }
    }
}

struct KeyedRowContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let lookup: FieldLookup
    let codingPath: [any CodingKey]

    var allKeys: [Key] { lookup.names.compactMap { Key(stringValue: $0) } }
    func contains(_ key: Key) -> Bool { lookup.value(key.stringValue) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { lookup.value(key.stringValue)?.isNull ?? true }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let value = try value(forKey: key, type)
        // A date, the commonest field beyond the scalars below: converted with no dynamic cast
        // (`decodeValue` asks the runtime whether `T` converts, then casts the result back).
        if T.self == Date.self, let date = Date(value: value) { return unsafeBitCast(date, to: T.self) }
        return try RowDecoder.decodeValue(type, value, codingPath: codingPath + [key])
    }

    // The scalar types a synthesized `init(from:)` asks for by name: converted directly, with
    // no dynamic cast, generic metadata lookup or coding path per field — the generic route
    // (same result, same errors) only when the value does not convert.
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decodeScalar(type, forKey: key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decodeScalar(type, forKey: key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decodeScalar(type, forKey: key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decodeScalar(type, forKey: key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decodeScalar(type, forKey: key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decodeScalar(type, forKey: key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decodeScalar(type, forKey: key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decodeScalar(type, forKey: key) }

    /// Inlined into each overload above, where `T` is known: called generically, it looked up
    /// `Optional<T>`'s metadata on every field.
    @inline(__always)
    private func decodeScalar<T: ValueConvertible & Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let value = try value(forKey: key, type)
        return try T(value: value) ?? RowDecoder.decodeValue(type, value, codingPath: codingPath + [key])
    }

    private func value<T>(forKey key: Key, _ type: T.Type) throws -> Value {
        guard let value = lookup.value(key.stringValue) else {
            throw SwitchyardError(
                .notFound, "no column or field '\(key.stringValue)' to decode \(T.self) from (have: \(lookup.names.joined(separator: ", ")))")
        }
        return value
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try RowDecoder(value: lookup.value(key.stringValue) ?? .null, codingPath: codingPath + [key]).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try RowDecoder(value: lookup.value(key.stringValue) ?? .null, codingPath: codingPath + [key]).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder { RowDecoder(value: lookup.value("super") ?? .null, codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        RowDecoder(value: lookup.value(key.stringValue) ?? .null, codingPath: codingPath + [key])
    }
}

struct UnkeyedValueContainer: UnkeyedDecodingContainer {
    let items: [Value]
    let codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    init(items: [Value], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    private mutating func take() throws -> Value {
        guard !isAtEnd else {
            throw SwitchyardError(.typeMismatch, "array at '\(codingPath.map(\.stringValue).joined(separator: "."))' has only \(items.count) elements")
        }
        defer { currentIndex += 1 }
        return items[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try RowDecoder.decodeValue(type, try take(), codingPath: codingPath)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try RowDecoder(value: try take(), codingPath: codingPath).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try RowDecoder(value: try take(), codingPath: codingPath).unkeyedContainer()
    }
    mutating func superDecoder() throws -> any Decoder { RowDecoder(value: try take(), codingPath: codingPath) }
}

struct SingleValueContainer: SingleValueDecodingContainer {
    let value: Value
    let codingPath: [any CodingKey]
    func decodeNil() -> Bool { value.isNull }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try RowDecoder.decodeValue(type, value, codingPath: codingPath)
    }
}
