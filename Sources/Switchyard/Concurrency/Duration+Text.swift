extension Duration {
    /// Milliseconds with three decimals, `12.345 ms`: how the REPL and logs show timings.
    public var millisecondsText: String {
        let (seconds, attoseconds) = components
        // In 128 bits: a duration of more than about 292,000 years overflows Int64's microseconds.
        let micros = Int128(seconds) * 1_000_000 + Int128(attoseconds / 1_000_000_000_000)
        let whole = micros / 1000
        let frac = (micros % 1000).magnitude
        return "\(whole).\(pad(Int(frac), 3)) ms"
    }

    /// The duration in seconds as a `Double`.
    public var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
