import Switchyard

/// The backends a session has a transaction open on, followed from the statements that
/// succeeded there: `BEGIN` or `START TRANSACTION` opens one; `COMMIT`, `END`, `ROLLBACK`
/// (not `ROLLBACK TO`), `ABORT` and `PREPARE TRANSACTION` end it.
///
/// The REPL asks it only to decide whether to explain that a `SET` will not last; when in
/// doubt it counts a transaction as open, so that the explanation is never wrong.
struct OpenTransactions: Sendable {
    private var backends: Set<String> = []

    /// Follows a statement that succeeded on `targets`, read from its first two words (upper case).
    mutating func follow(_ words: [String], on targets: [String]) {
        switch (words.first, words.dropFirst().first) {
        case ("BEGIN", _), ("START", "TRANSACTION"):
            backends.formUnion(targets)
        case ("ROLLBACK", "TO"), ("COMMIT", "PREPARED"), ("ROLLBACK", "PREPARED"):
            break
        case ("COMMIT", _), ("END", _), ("ROLLBACK", _), ("ABORT", _), ("PREPARE", "TRANSACTION"):
            backends.subtract(targets)
        default:
            break
        }
    }

    /// Whether a transaction is open on `backend`.
    func isOpen(on backend: String) -> Bool { backends.contains(backend) }
}

extension REPLSession {
    /// Follows transactions opened and ended by a SQL statement that succeeded on `targets`,
    /// and after a session `SET` (not `SET LOCAL`, `SET TRANSACTION` or `SET CONSTRAINTS`)
    /// outside a transaction on a backend that resets its sessions between statements
    /// (PostgreSQL), says that it lasted for that statement only.
    func followSession(_ text: String, on targets: [String]) {
        var leading: [String] = []
        for token in SQLTokenizer(text) where token.kind == .word {
            leading.append(token.text.uppercased())
            if leading.count == 2 { break }
        }
        openTransactions.follow(leading, on: targets)
        guard leading.first == "SET", !["LOCAL", "TRANSACTION", "CONSTRAINTS"].contains(leading.last ?? "") else { return }
        let resetting = targets.filter { name in
            runtime.backends[name]?.capabilities.supports(.sessionResetOutsideTransactions) == true && !openTransactions.isOpen(on: name)
        }
        guard !resetting.isEmpty else { return }
        status(
            "NOTE: this SET lasted for this statement only: outside BEGIN … COMMIT, \(resetting.joined(separator: ", ")) "
                + "resets the session before the next one (set it inside a transaction, or in the backend's URL)")
    }
}
