import Switchyard

/// PostgreSQL's binary `numeric` (base-10000 digits with a weight and a display
/// scale) as exact decimal text, digit for digit: no `Double` on the way.
enum PostgresNumeric {
    /// Decodes the binary form; `nil` when the bytes are not a well-formed numeric.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> ExactDecimal? {
        guard bytes.count >= 8 else { return nil }
        let count = Int(bytes.int16(at: 0))
        let weight = Int(bytes.int16(at: 2))
        let sign = UInt16(bitPattern: bytes.int16(at: 4))
        let scale = Int(bytes.int16(at: 6))
        switch sign {
        case 0xC000: return ExactDecimal("NaN")
        case 0xD000: return ExactDecimal("Infinity")
        case 0xF000: return ExactDecimal("-Infinity")
        case 0x0000, 0x4000: break
        default: return nil
        }
        guard count >= 0, scale >= 0, bytes.count == 8 + 2 * count else { return nil }
        func digit(_ index: Int) -> Int { index >= 0 && index < count ? Int(bytes.int16(at: 8 + 2 * index)) : 0 }

        var text: [UInt8] = []
        text.reserveCapacity(4 * (max(weight, 0) + 1) + scale + 2)
        if sign == 0x4000 { text.append(UInt8(ascii: "-")) }
        if weight < 0 {
            text.append(UInt8(ascii: "0"))
        } else {
            for index in 0...weight {
                let value = digit(index)
                guard (0..<10_000).contains(value) else { return nil }
                appendGroup(value, to: &text, padded: index > 0)
            }
        }
        if scale > 0 {
            text.append(UInt8(ascii: "."))
            var written = 0
            var index = weight + 1
            while written < scale {
                var value = digit(index)
                var divisor = 1000
                for _ in 0..<min(4, scale - written) {
                    text.append(UInt8(ascii: "0") + UInt8(value / divisor))
                    value %= divisor
                    divisor /= 10
                    written += 1
                }
                index += 1
            }
        }
        return ExactDecimal(canonical: String(decoding: text, as: UTF8.self))
    }

    /// Appends a base-10000 digit as decimal digits: all four when `padded`, else without leading zeros.
    private static func appendGroup(_ value: Int, to text: inout [UInt8], padded: Bool) {
        var divisor = 1000
        var remainder = value
        var started = padded
        while divisor > 0 {
            let digit = remainder / divisor
            remainder %= divisor
            if started || digit != 0 || divisor == 1 {
                started = true
                text.append(UInt8(ascii: "0") + UInt8(digit))
            }
            divisor /= 10
        }
    }
}

extension UnsafeRawBufferPointer {
    /// Big-endian integers at a byte offset; callers check the length first.
    @inline(__always) func int16(at offset: Int) -> Int16 {
        Int16(bigEndian: loadUnaligned(fromByteOffset: offset, as: Int16.self))
    }

    @inline(__always) func int32(at offset: Int) -> Int32 {
        Int32(bigEndian: loadUnaligned(fromByteOffset: offset, as: Int32.self))
    }

    @inline(__always) func int64(at offset: Int) -> Int64 {
        Int64(bigEndian: loadUnaligned(fromByteOffset: offset, as: Int64.self))
    }
}
