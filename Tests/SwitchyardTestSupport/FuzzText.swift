/// Random text for fuzz tests: strings drawn from an alphabet chosen to hit a reader's
/// special cases, and valid inputs mutated a few scalars at a time. Seeded, so a failing case
/// comes back on every run.
public struct FuzzText {
    public var generator: SeededGenerator
    /// The scalars random text is made of.
    public let alphabet: [Unicode.Scalar]

    /// A source of text over `alphabet`, fixed by `seed`.
    public init(seed: UInt64, alphabet: String) {
        generator = SeededGenerator(state: seed)
        self.alphabet = Array(alphabet.unicodeScalars)
    }

    /// A random integer in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }

    /// One of `items`, which must not be empty.
    public mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }

    /// Text of up to `maxLength` scalars from the alphabet.
    public mutating func text(maxLength: Int) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<int(0...maxLength) { scalars.append(pick(alphabet)) }
        return String(scalars)
    }

    /// `seed` with one to four scalars removed, inserted or replaced, or cut short.
    public mutating func mutation(of seed: String) -> String {
        var scalars = Array(seed.unicodeScalars)
        for _ in 0..<int(1...4) {
            let position = int(0...scalars.count)
            switch int(0...3) {
            case 0 where position < scalars.count: scalars.remove(at: position)
            case 1: scalars.insert(pick(alphabet), at: position)
            case 2 where position < scalars.count: scalars[position] = pick(alphabet)
            case 3: scalars = Array(scalars.prefix(position))
            default: break
            }
        }
        return String(String.UnicodeScalarView(scalars))
    }

    /// Random bytes, ASCII-heavy, read as UTF-8 with invalid sequences repaired, as a
    /// `String` made from a file or a socket would be.
    public mutating func decodedBytes(maxLength: Int) -> String {
        let bytes = (0..<int(0...maxLength)).map { _ in
            int(0...3) == 0 ? UInt8.random(in: 0x80...0xFF, using: &generator) : UInt8.random(in: 0...0x7F, using: &generator)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
