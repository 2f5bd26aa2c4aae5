import Switchyard

/// How a value appears in one cell of the human-readable formats.
enum CellText {
    /// The value's display text, `nullText` for a null value (``FormatterSettings/nullText``).
    static func text(_ value: Value, nullText: String) -> String {
        value.isNull ? nullText : value.description
    }

    /// The value's display text on one line: control characters are escaped so a
    /// cell never breaks a table row.
    static func singleLine(_ value: Value, nullText: String) -> String {
        escapeControls(text(value, nullText: nullText))
    }

    /// Whether values of this kind read best aligned to the right (numbers).
    static func isNumeric(_ value: Value) -> Bool {
        switch value {
        case .int, .double, .decimal: true
        default: false
        }
    }

    static func escapeControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension String {
    /// The string with zeros in front up to `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
