import Foundation

/// Encodes an `Encodable` value into ``Value``s: an entity into a ``Document`` of
/// its coding keys, nested types into documents and arrays.
///
/// `nil` optionals are written as `.null` (not left out), so saving an entity over
/// a stored one clears the fields it no longer has.
public enum EntityEncoder {
    /// The top-level fields of `entity`, in coding-key order.
    public static func encode(_ entity: some Encodable) throws -> Document {
        let value = try encodeValue(entity)
        guard case .document(let document) = value else {
            throw SwitchyardError(.typeMismatch, "\(type(of: entity)) does not encode as a keyed container, so it cannot be stored as an entity")
        }
        return document
    }

    /// Any encodable value as a ``Value``.
    public static func encodeValue(_ value: some Encodable) throws -> Value {
        if let convertible = value as? any ValueConvertible { return try EncodingNode.value(of: convertible, codingPath: []) }
        let node = EncodingNode()
        try value.encode(to: NodeEncoder(node: node, codingPath: []))
        return node.value
    }
}

final class EncodingNode {
    enum Storage {
        case empty
        case single(Value)
        case keyed([(String, EncodingNode)])
        case unkeyed([EncodingNode])
    }
    var storage: Storage = .empty

    var value: Value {
        switch storage {
        case .empty: .null
        case .single(let v): v
        case .keyed(let fields): .document(Document(fields.map { Document.Field($0.0, $0.1.value) }))
        case .unkeyed(let items): .array(items.map(\.value))
        }
    }

    func child(forKey key: String) -> EncodingNode {
        let child = EncodingNode()
        if case .keyed(var fields) = storage {
            if let i = fields.firstIndex(where: { $0.0 == key }) { fields[i].1 = child } else { fields.append((key, child)) }
            storage = .keyed(fields)
        }
        return child
    }

    func appendChild() -> EncodingNode {
        let child = EncodingNode()
        if case .unkeyed(var items) = storage {
            items.append(child)
            storage = .unkeyed(items)
        }
        return child
    }

    /// `convertible.value`, except that a `Date` beyond the ±292,000 years a ``Timestamp`` holds
    /// throws: its `value` clamps, and an entity must not be stored with another date than its own.
    /// (Metatypes compared, not casts tried: this runs for every field saved.)
    static func value(of convertible: any ValueConvertible, codingPath: [any CodingKey]) throws -> Value {
        let type = type(of: convertible)
        if type == Date.self || type == Date?.self || type == [Date].self || type == [Date?].self {
            let dates = (convertible as? [Date?]) ?? [convertible as? Date]
            if let far = dates.lazy.compactMap({ $0 }).first(where: { Timestamp(validating: $0) == nil }) {
                let field = codingPath.isEmpty ? "" : " in field '\(codingPath.map(\.stringValue).joined(separator: "."))'"
                throw SwitchyardError(
                    .invalidInput,
                    "the date \(far.timeIntervalSince1970) seconds from 1970\(field) is beyond the range a timestamp holds "
                        + "(about ±292,000 years from 1970, in microseconds)")
            }
        }
        return convertible.value
    }

    func encode(_ value: some Encodable, codingPath: [any CodingKey]) throws {
        if let convertible = value as? any ValueConvertible {
            storage = .single(try Self.value(of: convertible, codingPath: codingPath))
        } else if let integer = value as? any FixedWidthInteger {
            // Int8, UInt16, …: stored as int when it fits, else as exact decimal text.
            storage = .single(Int64(exactly: integer).map(Value.int) ?? .decimal(ExactDecimal(String(integer))!))
        } else {
            try value.encode(to: NodeEncoder(node: self, codingPath: codingPath))
        }
    }
}

struct NodeEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .keyed = node.storage {} else { node.storage = .keyed([]) }
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .unkeyed = node.storage {} else { node.storage = .unkeyed([]) }
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node, codingPath: codingPath)
    }
}

struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.child(forKey: key.stringValue).storage = .single(.null) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try node.child(forKey: key.stringValue).encode(value, codingPath: codingPath + [key])
    }
    // nil optionals become NULL so that saving over a stored entity clears the field.
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try encodeOptional(value, key) }

    private mutating func encodeOptional<T: Encodable>(_ value: T?, _ key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.child(forKey: "super"), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key])
    }
}

struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var count: Int {
        if case .unkeyed(let items) = node.storage { return items.count }
        return 0
    }

    mutating func encodeNil() throws { node.appendChild().storage = .single(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try node.appendChild().encode(value, codingPath: codingPath)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: node.appendChild(), codingPath: codingPath).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.appendChild(), codingPath: codingPath).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.appendChild(), codingPath: codingPath) }
}

struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    mutating func encodeNil() throws { node.storage = .single(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try node.encode(value, codingPath: codingPath) }
}
