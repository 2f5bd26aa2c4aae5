/// An ordered collection of named values: a nested document, a JSON object.
///
/// Field order is preserved because document stores (MongoDB) treat it as
/// significant. Lookup by name is linear, which is the right trade for the small
/// documents rows carry.
public struct Document: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: Value
        public init(_ name: String, _ value: Value) {
            self.name = name
            self.value = value
        }
    }

    public private(set) var fields: [Field]

    public init(_ fields: [Field] = []) { self.fields = fields }

    public init(dictionaryLiteral elements: (String, Value)...) {
        self.fields = elements.map { Field($0.0, $0.1) }
    }

    public var startIndex: Int { fields.startIndex }
    public var endIndex: Int { fields.endIndex }
    public subscript(position: Int) -> Field { fields[position] }

    /// The value of the first field called `name`; setting `nil` removes it, setting a
    /// value replaces it in place or appends a new field.
    public subscript(name: String) -> Value? {
        get { fields.first { $0.name == name }?.value }
        set {
            if let index = fields.firstIndex(where: { $0.name == name }) {
                if let newValue { fields[index].value = newValue } else { fields.remove(at: index) }
            } else if let newValue {
                fields.append(Field(name, newValue))
            }
        }
    }

    public var names: [String] { fields.map(\.name) }

    public mutating func append(_ name: String, _ value: Value) {
        fields.append(Field(name, value))
    }
}
