import Foundation

/// A Swift type that converts to and from ``Value``.
///
/// Conforming types can be bound as statement parameters and read from rows:
/// `row["age", as: Int.self]`.
public protocol ValueConvertible: Sendable {
    /// The value to bind for this instance.
    var value: Value { get }
    /// Converts a value read from a backend; `nil` when it cannot represent it.
    init?(value: Value)
}

extension Value: ValueConvertible {
    public var value: Value { self }
    public init?(value: Value) { self = value }
}

extension Bool: ValueConvertible {
    public var value: Value { .bool(self) }
    public init?(value: Value) {
        switch value {
        case .bool(let b): self = b
        case .int(let i) where i == 0 || i == 1: self = i == 1
        case .text(let t):
            switch t.lowercased() {
            case "true", "t", "1", "yes": self = true
            case "false", "f", "0", "no": self = false
            default: return nil
            }
        default: return nil
        }
    }
}

extension Int64: ValueConvertible {
    public var value: Value { .int(self) }
    public init?(value: Value) {
        switch value {
        case .int(let i): self = i
        case .bool(let b): self = b ? 1 : 0
        case .double(let d): guard let i = Int64(exactly: d) else { return nil }; self = i
        case .decimal(let d): guard let i = Int64(d.text) else { return nil }; self = i
        case .text(let t): guard let i = Int64(t) else { return nil }; self = i
        default: return nil
        }
    }
}

extension Int: ValueConvertible {
    public var value: Value { .int(Int64(self)) }
    public init?(value: Value) {
        guard let i = Int64(value: value), let v = Int(exactly: i) else { return nil }
        self = v
    }
}

extension Int32: ValueConvertible {
    public var value: Value { .int(Int64(self)) }
    public init?(value: Value) {
        guard let i = Int64(value: value), let v = Int32(exactly: i) else { return nil }
        self = v
    }
}

extension Double: ValueConvertible {
    public var value: Value { .double(self) }
    public init?(value: Value) {
        switch value {
        case .double(let d): self = d
        case .int(let i): self = Double(i)
        case .decimal(let d): self = d.doubleValue
        case .text(let t): guard let d = Double(t) else { return nil }; self = d
        default: return nil
        }
    }
}

extension Float: ValueConvertible {
    public var value: Value { .double(Double(self)) }
    public init?(value: Value) {
        guard let d = Double(value: value) else { return nil }
        self = Float(d)
    }
}

extension String: ValueConvertible {
    public var value: Value { .text(self) }
    public init?(value: Value) {
        switch value {
        case .text(let t): self = t
        case .null: return nil
        case .scalar(let s): self = s.text
        default: self = value.description
        }
    }
}

extension ExactDecimal: ValueConvertible {
    public var value: Value { .decimal(self) }
    public init?(value: Value) {
        switch value {
        case .decimal(let d): self = d
        case .int(let i): self.init(i)
        case .double(let d): guard d.isFinite, let e = ExactDecimal(String(d)) else { return nil }; self = e
        case .text(let t): guard let e = ExactDecimal(t) else { return nil }; self = e
        default: return nil
        }
    }
}

extension Decimal: ValueConvertible {
    public var value: Value { .decimal(ExactDecimal(self)) }
    public init?(value: Value) {
        guard let exact = ExactDecimal(value: value), let d = exact.decimalValue else { return nil }
        self = d
    }
}

extension UUID: ValueConvertible {
    public var value: Value { .uuid(self) }
    public init?(value: Value) {
        switch value {
        case .uuid(let u): self = u
        case .text(let t): guard let u = UUID(uuidString: t) else { return nil }; self = u
        case .bytes(let b) where b.count == 16:
            self = UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                               b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
        default: return nil
        }
    }
}

extension Data: ValueConvertible {
    public var value: Value { .bytes([UInt8](self)) }
    public init?(value: Value) {
        guard case .bytes(let b) = value else { return nil }
        self = Data(b)
    }
}

extension Array: ValueConvertible where Element: ValueConvertible {
    public var value: Value { .array(map(\.value)) }
    public init?(value: Value) {
        switch value {
        case .array(let items):
            var out: [Element] = []
            out.reserveCapacity(items.count)
            for item in items {
                guard let e = Element(value: item) else { return nil }
                out.append(e)
            }
            self = out
        case .bytes(let b) where Element.self == UInt8.self:
            self = b as! [Element]
        default: return nil
        }
    }
}

extension UInt8: ValueConvertible {
    public var value: Value { .int(Int64(self)) }
    public init?(value: Value) {
        guard let i = Int64(value: value), let v = UInt8(exactly: i) else { return nil }
        self = v
    }
}

extension Date: ValueConvertible {
    public var value: Value { .timestamp(Timestamp(self)) }
    public init?(value: Value) {
        switch value {
        case .timestamp(let t): self = t.date
        case .date(let d): self = Timestamp(date: d).date
        case .text(let t): guard let ts = Timestamp(iso8601: t) else { return nil }; self = ts.date
        case .double(let d): self = Date(timeIntervalSince1970: d)
        default: return nil
        }
    }
}

extension Timestamp: ValueConvertible {
    public var value: Value { .timestamp(self) }
    public init?(value: Value) {
        switch value {
        case .timestamp(let t): self = t
        case .date(let d): self = Timestamp(date: d)
        case .text(let t): guard let ts = Timestamp(iso8601: t) else { return nil }; self = ts
        default: return nil
        }
    }
}

extension CalendarDate: ValueConvertible {
    public var value: Value { .date(self) }
    public init?(value: Value) {
        switch value {
        case .date(let d): self = d
        case .timestamp(let t): self = t.calendarDate
        case .text(let t): guard let d = CalendarDate(iso8601: t) else { return nil }; self = d
        default: return nil
        }
    }
}

extension TimeOfDay: ValueConvertible {
    public var value: Value { .time(self) }
    public init?(value: Value) {
        switch value {
        case .time(let t): self = t
        case .text(let t): guard let v = TimeOfDay(iso8601: t) else { return nil }; self = v
        default: return nil
        }
    }
}

extension Document: ValueConvertible {
    public var value: Value { .document(self) }
    public init?(value: Value) {
        switch value {
        case .document(let d): self = d
        case .text(let t): guard case .document(let d)? = try? JSON.parse(t) else { return nil }; self = d
        default: return nil
        }
    }
}

extension Optional: ValueConvertible where Wrapped: ValueConvertible {
    public var value: Value { self?.value ?? .null }
    public init?(value: Value) {
        if value.isNull { self = .none; return }
        guard let wrapped = Wrapped(value: value) else { return nil }
        self = .some(wrapped)
    }
}
