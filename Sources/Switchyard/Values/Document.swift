/// An ordered collection of named values: a nested document, a JSON object.
///
/// Field order is preserved because document stores (MongoDB) treat it as
/// significant. Lookup by name is linear, which is the right trade for the small
/// documents rows carry.
public struct Document: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    /// One named value of a document.
    public struct Field: Sendable, Hashable {
        /// The field's name; names are case-sensitive and may repeat.
        public var name: String
        /// The field's value, which may itself be a document or an array.
        public var value: Value
        /// Creates a field called `name` holding `value`.
        public init(_ name: String, _ value: Value) {
            self.name = name
            self.value = value
        }
    }

    /// The fields in order; change them with `document[name] = value` or ``append(_:_:)``.
    public private(set) var fields: [Field]

    /// Creates a document holding `fields` in the order given.
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

    /// The field names in order, repeats included.
    public var names: [String] { fields.map(\.name) }

    /// Adds a field at the end, even when one with the same name exists (`document[name] = value`
    /// would replace it).
    public mutating func append(_ name: String, _ value: Value) {
        fields.append(Field(name, value))
    }
}
