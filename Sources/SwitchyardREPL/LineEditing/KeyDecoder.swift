/// Turns the bytes a terminal sends into ``Key``s.
///
/// Bytes arrive in arbitrary chunks: an escape sequence or a UTF-8 character may be split across
/// reads, so incomplete input is kept until more arrives (or ``flush()`` gives up on it after a pause).
/// Unknown or malformed sequences are dropped; decoding never fails.
struct KeyDecoder: Sendable {
    private var pending: [UInt8] = []
    /// Bytes of a bracketed paste collected so far; nil outside a paste.
    private var paste: [UInt8]?

    private static let escape: UInt8 = 0x1B
    private static let pasteEnd: [UInt8] = Array("\u{1B}[201~".utf8)
    /// Longer CSI sequences than this are garbage, not keys.
    private static let maximumSequenceLength = 32

    init() {}

    /// How long the reader should wait for more bytes before calling ``flush()``, in milliseconds;
    /// nil when nothing is pending and it may wait indefinitely.
    var pendingTimeout: Int32? {
        if paste != nil { return 1000 }
        return pending.isEmpty ? nil : 50
    }

    /// Decodes as many keys as the bytes seen so far allow.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [Key] {
        pending.append(contentsOf: bytes)
        var keys: [Key] = []
        while !pending.isEmpty {
            if paste != nil {
                guard let key = takePaste() else { break }
                keys.append(key)
                continue
            }
            switch decodeOne() {
            case .key(let key, let length):
                keys.append(key)
                pending.removeFirst(length)
            case .skip(let length):
                pending.removeFirst(length)
            case .needMore:
                return keys
            }
        }
        return keys
    }

    /// Gives up waiting: a lone ESC becomes ``Key/escape``, an unfinished paste is delivered as it is,
    /// and any other incomplete sequence is dropped.
    mutating func flush() -> [Key] {
        var keys: [Key] = []
        if let collected = paste {
            keys.append(.paste(String(decoding: collected + pending, as: UTF8.self)))
            paste = nil
            pending = []
            return keys
        }
        if pending == [Self.escape] { keys.append(.escape) }
        pending = []
        return keys
    }

    private enum Step {
        case key(Key, length: Int)
        case skip(Int)
        case needMore
    }

    private mutating func decodeOne() -> Step {
        let byte = pending[0]
        switch byte {
        case Self.escape: return decodeEscape()
        case 0x0D, 0x0A: return .key(.enter, length: 1)
        case 0x09: return .key(.tab, length: 1)
        case 0x7F, 0x08: return .key(.backspace, length: 1)
        case 0x01...0x1A: return .key(.control(Character(Unicode.Scalar(byte + 0x60))), length: 1)
        case 0x00, 0x1C...0x1F: return .skip(1)
        case 0x20...0x7E: return .key(.character(Character(Unicode.Scalar(byte))), length: 1)
        default: return decodeUTF8()
        }
    }

    private func decodeUTF8() -> Step {
        let lead = pending[0]
        let length: Int
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return .skip(1)
        }
        let available = min(length, pending.count)
        for index in 1..<available where pending[index] & 0xC0 != 0x80 {
            return .skip(1)
        }
        guard pending.count >= length else { return .needMore }
        guard let text = String(validating: pending[0..<length], as: UTF8.self),
              let scalar = text.unicodeScalars.first
        else { return .skip(1) }
        if (0x80...0x9F).contains(scalar.value) { return .skip(length) }  // C1 controls
        return .key(.character(Character(scalar)), length: length)
    }

    private mutating func decodeEscape() -> Step {
        guard pending.count >= 2 else { return .needMore }
        let next = pending[1]
        switch next {
        case UInt8(ascii: "["): return decodeCSI()
        case UInt8(ascii: "O"):
            guard pending.count >= 3 else { return .needMore }
            let key: Key? = switch pending[2] {
            case UInt8(ascii: "A"): .up
            case UInt8(ascii: "B"): .down
            case UInt8(ascii: "C"): .right
            case UInt8(ascii: "D"): .left
            case UInt8(ascii: "H"): .home
            case UInt8(ascii: "F"): .end
            default: nil
            }
            return key.map { .key($0, length: 3) } ?? .skip(3)
        case 0x7F, 0x08: return .key(.deleteWordBackward, length: 2)
        case 0x20...0x7E: return .key(.meta(Character(Unicode.Scalar(next))), length: 2)
        default: return .key(.escape, length: 1)  // ESC then something that is not a sequence
        }
    }

    /// `ESC [ parameters intermediates final`, per ECMA-48.
    private mutating func decodeCSI() -> Step {
        var index = 2
        while index < pending.count {
            let byte = pending[index]
            switch byte {
            case 0x20...0x3F:
                index += 1
                if index > Self.maximumSequenceLength { return .skip(index) }
            case 0x40...0x7E:
                let parameters = String(decoding: pending[2..<index], as: UTF8.self)
                let length = index + 1
                if byte == UInt8(ascii: "~") && parameters == "200" {
                    paste = []
                    return .skip(length)
                }
                return Self.keyForCSI(parameters: parameters, final: byte).map { .key($0, length: length) }
                    ?? .skip(length)
            default:
                return .skip(index)  // not a valid sequence: drop what we have, decode the rest afresh
            }
        }
        return .needMore
    }

    private static func keyForCSI(parameters: String, final: UInt8) -> Key? {
        let fields = parameters.split(separator: ";", omittingEmptySubsequences: false)
        let modifier = fields.count > 1 ? Int(fields[1]) ?? 1 : 1
        // xterm modifier codes: 3 = Alt, 5 = Ctrl, 7 = Ctrl+Alt (each plus Shift variants).
        let wordwise = modifier > 1 && modifier != 2
        switch final {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return wordwise ? .wordRight : .right
        case UInt8(ascii: "D"): return wordwise ? .wordLeft : .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "~"):
            switch fields.first.flatMap({ Int($0) }) {
            case 1, 7: return .home
            case 4, 8: return .end
            case 3: return .delete
            default: return nil
            }
        default: return nil
        }
    }

    /// Collects paste bytes until the end marker; returns the paste once the marker has arrived.
    private mutating func takePaste() -> Key? {
        if let start = Self.firstIndex(of: Self.pasteEnd, in: pending) {
            let collected = (paste ?? []) + pending[0..<start]
            pending.removeFirst(start + Self.pasteEnd.count)
            paste = nil
            return .paste(String(decoding: collected, as: UTF8.self))
        }
        // Keep back a tail that may be the start of a split end marker.
        var keep = min(Self.pasteEnd.count - 1, pending.count)
        while keep > 0 && !Self.pasteEnd.starts(with: pending.suffix(keep)) { keep -= 1 }
        paste?.append(contentsOf: pending.dropLast(keep))
        pending = Array(pending.suffix(keep))
        return nil
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
