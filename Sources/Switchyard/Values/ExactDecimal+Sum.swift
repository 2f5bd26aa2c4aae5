extension ExactDecimal {
    /// The exact sum, digit by digit, keeping the wider scale of the two (`1.50 + 2.125 = 3.625`);
    /// `nil` when either is NaN or infinite. Fan-out aggregation adds partial decimal sums with it,
    /// so no leg's total is rounded through `Double`.
    public func adding(_ other: ExactDecimal) -> ExactDecimal? {
        guard let a = Self.scaled(text), let b = Self.scaled(other.text) else { return nil }
        let scale = max(a.scale, b.scale)
        let x = a.digits + [UInt8](repeating: 0, count: scale - a.scale)
        let y = b.digits + [UInt8](repeating: 0, count: scale - b.scale)
        let magnitude: [UInt8]
        let negative: Bool
        if a.negative == b.negative {
            magnitude = Self.add(x, y)
            negative = a.negative
        } else if Self.compare(x, y) >= 0 {
            magnitude = Self.subtract(x, y)
            negative = a.negative
        } else {
            magnitude = Self.subtract(y, x)
            negative = b.negative
        }
        var digits = String(magnitude.map { Character(String($0)) })
        if scale > 0 {
            let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
            digits = String(padded.dropLast(scale)) + "." + String(padded.suffix(scale))
        }
        return ExactDecimal((negative ? "-" : "") + digits)
    }

    /// Canonical text as sign, all digits (most significant first) and the number of fraction digits.
    private static func scaled(_ text: String) -> (negative: Bool, digits: [UInt8], scale: Int)? {
        var body = Substring(text)
        let negative = body.first == "-"
        if negative { body = body.dropFirst() }
        guard body.allSatisfy({ ("0"..."9").contains($0) || $0 == "." }), !body.isEmpty else { return nil }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        let fraction = parts.count > 1 ? parts[1] : ""
        let digits = (parts[0] + fraction).compactMap { $0.wholeNumberValue.map(UInt8.init) }
        return (negative, digits, fraction.count)
    }

    private static func add(_ x: [UInt8], _ y: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var carry: UInt8 = 0
        var i = x.count - 1, j = y.count - 1
        while i >= 0 || j >= 0 || carry > 0 {
            let sum = (i >= 0 ? x[i] : 0) + (j >= 0 ? y[j] : 0) + carry
            result.append(sum % 10)
            carry = sum / 10
            i -= 1
            j -= 1
        }
        return result.reversed()
    }

    /// `x - y` for `x >= y`.
    private static func subtract(_ x: [UInt8], _ y: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var borrow = 0
        var j = y.count - 1
        for i in stride(from: x.count - 1, through: 0, by: -1) {
            var difference = Int(x[i]) - borrow - (j >= 0 ? Int(y[j]) : 0)
            borrow = difference < 0 ? 1 : 0
            if difference < 0 { difference += 10 }
            result.append(UInt8(difference))
            j -= 1
        }
        return result.reversed()
    }

    private static func compare(_ x: [UInt8], _ y: [UInt8]) -> Int {
        let a = x.drop { $0 == 0 }, b = y.drop { $0 == 0 }
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        for (p, q) in zip(a, b) where p != q { return p < q ? -1 : 1 }
        return 0
    }
}
