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
    /// Accepts booleans, the integers 0 and 1, and the text `true`/`t`/`1`/`yes` or `false`/`f`/`0`/`no`
    /// (any case); `nil` for anything else.
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
    /// Accepts integers, booleans (1 or 0), doubles and decimals with no fractional part that fit, and
    /// integer text; `nil` for anything else.
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
    /// Converts as `Int64` does; `nil` when the number does not fit an `Int`.
    public init?(value: Value) {
        guard let i = Int64(value: value), let v = Int(exactly: i) else { return nil }
        self = v
    }
}

extension Int32: ValueConvertible {
    public var value: Value { .int(Int64(self)) }
    /// Converts as `Int64` does; `nil` when the number does not fit an `Int32`.
    public init?(value: Value) {
        guard let i = Int64(value: value), let v = Int32(exactly: i) else { return nil }
        self = v
    }
}

extension Double: ValueConvertible {
    public var value: Value { .double(self) }
    /// Accepts doubles, integers (rounded beyond 2^53), decimals (rounded to the nearest double) and
    /// numeric text; `nil` for anything else.
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
    /// Converts as `Double` does, then rounds to the nearest `Float`; values out of its range become ±∞.
    public init?(value: Value) {
        guard let d = Double(value: value) else { return nil }
        self = Float(d)
    }
}

extension String: ValueConvertible {
    public var value: Value { .text(self) }
    /// Accepts text as it is, a backend scalar as its canonical text, and any other non-null value as its
    /// ``Value/description``; `nil` only for `NULL`.
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
    /// Accepts decimals, integers, finite doubles (their shortest decimal text) and numeric text;
    /// `nil` for anything else.
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
    /// Converts as ``ExactDecimal`` does, then to Foundation's `Decimal`, which rounds beyond 38 significant
    /// digits; `nil` when either step fails.
    public init?(value: Value) {
        guard let exact = ExactDecimal(value: value), let d = exact.decimalValue else { return nil }
        self = d
    }
}

extension UUID: ValueConvertible {
    public var value: Value { .uuid(self) }
    /// Accepts UUIDs, UUID text (`E621E1F8-C36C-495A-93FC-0C247A3E6E5F`, any case) and 16 bytes;
    /// `nil` for anything else.
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
    /// Accepts bytes only; `nil` for anything else, text included.
    public init?(value: Value) {
        guard case .bytes(let b) = value else { return nil }
        self = Data(b)
    }
}

extension Array: ValueConvertible where Element: ValueConvertible {
    public var value: Value { .array(map(\.value)) }
    /// Accepts an array whose every element converts (`nil` if one does not); `[UInt8]` also accepts bytes.
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
    /// Converts as `Int64` does; `nil` when the number is outside 0…255.
    public init?(value: Value) {
        guard let i = Int64(value: value), let v = UInt8(exactly: i) else { return nil }
        self = v
    }
}

extension Date: ValueConvertible {
    /// The instant as a ``Timestamp``, rounded to the nearest microsecond and clamped to the
    /// ±292,000 years a `Timestamp` holds (``Timestamp/init(_:)``). Saving an entity checks
    /// instead: ``EntityEncoder`` throws for a `Date` beyond that range.
    public var value: Value { .timestamp(Timestamp(self)) }
    /// Accepts timestamps, dates (midnight UTC), ISO 8601 text (read as UTC without an offset) and doubles
    /// (seconds since 1970); `nil` for anything else.
    public init?(value: Value) {
        switch value {
        case .timestamp(let t): self = t.date
        case .date(let d): guard let t = Timestamp(exactly: d) else { return nil }; self = t.date
        case .text(let t): guard let ts = Timestamp(iso8601: t) else { return nil }; self = ts.date
        case .double(let d): self = Date(timeIntervalSince1970: d)
        default: return nil
        }
    }
}

extension Timestamp: ValueConvertible {
    public var value: Value { .timestamp(self) }
    /// Accepts timestamps, dates (midnight UTC) and ISO 8601 text (read as UTC without an offset);
    /// `nil` for anything else, and for a date beyond the range a `Timestamp` holds.
    public init?(value: Value) {
        switch value {
        case .timestamp(let t): self = t
        case .date(let d): guard let t = Timestamp(exactly: d) else { return nil }; self = t
        case .text(let t): guard let ts = Timestamp(iso8601: t) else { return nil }; self = ts
        default: return nil
        }
    }
}

extension CalendarDate: ValueConvertible {
    public var value: Value { .date(self) }
    /// Accepts dates, timestamps (their UTC date) and `YYYY-MM-DD` text; `nil` for anything else.
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
    /// Accepts times of day and `HH:MM[:SS[.ffffff]]` text; `nil` for anything else.
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
    /// Accepts documents and text holding a JSON object; `nil` for anything else.
    public init?(value: Value) {
        switch value {
        case .document(let d): self = d
        case .text(let t): guard case .document(let d)? = try? JSON.parse(t) else { return nil }; self = d
        default: return nil
        }
    }
}

extension Optional: ValueConvertible where Wrapped: ValueConvertible {
    /// ``Value/null`` for `nil`, otherwise the wrapped value's.
    public var value: Value { self?.value ?? .null }
    /// `NULL` converts to `nil` (a success); other values convert as `Wrapped` does, or fail.
    public init?(value: Value) {
        if value.isNull { self = .none; return }
        guard let wrapped = Wrapped(value: value) else { return nil }
        self = .some(wrapped)
    }
}
