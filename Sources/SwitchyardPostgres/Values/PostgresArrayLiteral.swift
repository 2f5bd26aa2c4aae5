import Switchyard

/// PostgreSQL's array literal syntax, `{1,NULL,"a \"b\""}`, both ways.
enum PostgresArrayLiteral {
    enum Element: Sendable, Hashable {
        case null
        case text(String)
        case nested([Element])
    }

    /// Writes the elements' text forms, quoting every one (always safe) and `NULL` for nulls.
    static func write(_ items: [Value], element: (Value) -> String?) -> String {
        var out = "{"
        for (index, item) in items.enumerated() {
            if index > 0 { out += "," }
            if case .array(let nested) = item {
                out += write(nested, element: element)
            } else if let text = element(item) {
                out += "\""
                for character in text.unicodeScalars {
                    if character == "\"" || character == "\\" { out += "\\" }
                    out.unicodeScalars.append(character)
                }
                out += "\""
            } else {
                out += "NULL"
            }
        }
        return out + "}"
    }

    /// Parses an array literal (with an optional `[1:3]=` bounds prefix); `nil` when malformed.
    static func parse(_ text: String) -> [Element]? {
        var bytes = Array(text.utf8)[...]
        if bytes.first == UInt8(ascii: "[") {
            guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else { return nil }
            bytes = bytes[(equals + 1)...]
        }
        var index = bytes.startIndex
        guard let items = parseArray(bytes, &index, depth: 0) else { return nil }
        while index < bytes.endIndex, bytes[index] == UInt8(ascii: " ") { index += 1 }
        return index == bytes.endIndex ? items : nil
    }

    /// Deeper than PostgreSQL's arrays go (six dimensions): a literal nested further is malformed,
    /// refused before the recursion exhausts the stack.
    private static let maximumDepth = 64

    private static func parseArray(_ bytes: ArraySlice<UInt8>, _ index: inout Int, depth: Int) -> [Element]? {
        guard depth < maximumDepth, index < bytes.endIndex, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        var items: [Element] = []
        skipSpaces(bytes, &index)
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return items
        }
        while index < bytes.endIndex {
            skipSpaces(bytes, &index)
            guard index < bytes.endIndex else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                guard let nested = parseArray(bytes, &index, depth: depth + 1) else { return nil }
                items.append(.nested(nested))
            case UInt8(ascii: "\""):
                index += 1
                var value: [UInt8] = []
                var closed = false
                while index < bytes.endIndex {
                    let c = bytes[index]
                    index += 1
                    if c == UInt8(ascii: "\\"), index < bytes.endIndex {
                        value.append(bytes[index])
                        index += 1
                    } else if c == UInt8(ascii: "\"") {
                        closed = true
                        break
                    } else {
                        value.append(c)
                    }
                }
                guard closed else { return nil }
                items.append(.text(String(decoding: value, as: UTF8.self)))
            default:
                var value: [UInt8] = []
                while index < bytes.endIndex, bytes[index] != UInt8(ascii: ","), bytes[index] != UInt8(ascii: "}") {
                    if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.endIndex { index += 1 }
                    value.append(bytes[index])
                    index += 1
                }
                while value.last == UInt8(ascii: " ") { value.removeLast() }
                let text = String(decoding: value, as: UTF8.self)
                items.append(text.uppercased() == "NULL" ? .null : .text(text))
            }
            skipSpaces(bytes, &index)
            guard index < bytes.endIndex else { return nil }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return items
            }
            return nil
        }
        return nil
    }

    private static func skipSpaces(_ bytes: ArraySlice<UInt8>, _ index: inout Int) {
        while index < bytes.endIndex, bytes[index] == UInt8(ascii: " ") { index += 1 }
    }
}
