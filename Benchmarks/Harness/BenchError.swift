import SwitchyardBenchReference

/// A failure of the harness itself (a C reference call, a missing server).
struct BenchError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }

    /// Throws the C reference's message when `code` is not 0.
    static func check(_ code: Int32, _ error: sy_error, _ what: String) throws {
        guard code != 0 else { return }
        let message = withUnsafeBytes(of: error.message) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        throw BenchError("\(what): \(message)")
    }
}
