/// Finds which row of a copy's failed insert statement the database refused, and says so:
/// a statement of 500 rows failing with "invalid input syntax for type integer" names no
/// row, and a loader should.
///
/// Runs only after a statement failed, inside the copy's transaction (so the rows copied
/// before are in place, and a clash with one of them is found): it halves the statement's
/// rows, each half in a savepoint; a half that goes in stays in for the rows after it,
/// a half that fails is halved again, down to one row — about twice log₂(rows) statements,
/// through the pipeline as the copy's are. Whatever it wrote is rolled back with the copy.
struct CopyRowLocator: Sendable {
    let writer: CopyWriter
    let statements: CopyStatements

    /// Whether `error` may come from one row's values (a constraint, a value the column
    /// cannot take) rather than from the statement or the connection.
    static func mayBeAboutOneRow(_ error: SwitchyardError) -> Bool {
        // Not `.database`: a permission denied fails every row, and would name the first.
        [.constraint, .invalidInput, .typeMismatch].contains(error.kind)
    }

    /// The offset in `rows` of the first row that fails when inserted after the ones
    /// before it, and its error; `nil` when none fails alone (the failure was not a row's).
    func firstFailingRow(of rows: ArraySlice<[Value]>) async -> (offset: Int, error: SwitchyardError)? {
        guard rows.count > 1 else { return await failure(inserting: rows).map { (rows.startIndex, $0) } }
        let middle = rows.startIndex + rows.count / 2
        for half in [rows[..<middle], rows[middle...]] where await failure(inserting: half) != nil {
            return await firstFailingRow(of: half)
        }
        return nil
    }

    /// The error inserting `rows` in a savepoint throws, if it throws one about a row.
    private func failure(inserting rows: ArraySlice<[Value]>) async -> SwitchyardError? {
        var statements = statements
        guard let statement = statements.inserting(Array(rows)) else { return nil }
        do {
            _ = try await writer.backend.withTransaction { _ in try await writer.run(statement, rows: rows.count) }
            return nil
        } catch let error as SwitchyardError where Self.mayBeAboutOneRow(error) {
            return error
        } catch {
            return nil
        }
    }
}
