/// Recognises ANSI escape sequences (`ESC [ … final`, `ESC ] … BEL`) in text written to the terminal,
/// so a coloured prompt's escape codes are not counted as columns.
struct EscapeSkipper {
    private enum State { case text, escape, csi, osc }
    private var state = State.text

    init() {}

    /// True when `character` belongs to an escape sequence (and so occupies no columns).
    mutating func skips(_ character: Character) -> Bool {
        let value = character.unicodeScalars.first?.value ?? 0
        switch state {
        case .text:
            if value == 0x1B { state = .escape; return true }
            return false
        case .escape:
            state = switch character { case "[": .csi; case "]": .osc; default: .text }
            return true
        case .csi:
            if (0x40...0x7E).contains(value) { state = .text }
            return true
        case .osc:
            if value == 0x07 { state = .text }
            return true
        }
    }
}
