import Switchyard
import SwitchyardMongo
import Testing

@Suite(.enabled(if: MongoTestServer.available, MongoTestServer.missingReason), .timeLimit(.minutes(1)))
struct MongoErrorTests {
    private func error(_ text: String, _ bindings: [Value] = []) async throws -> SwitchyardError {
        let backend = try MongoTestServer.backend()
        let thrown = await #expect(throws: SwitchyardError.self) {
            _ = try await backend.query(Statement(text, bindings, language: .mongo)).collect()
        }
        await backend.shutdown()
        return try #require(thrown)
    }

    /// A wrong password is a definite answer, unlike a server that is not up yet: it is
    /// reported when the backend starts, not at the first statement, and never shown.
    @Test func credentialsTheServerRefusesFailAtConnect() async throws {
        let url = try MongoTestServer.requireURL().replacingOccurrences(of: "mongodb://", with: "mongodb://nobody:wrongXYZpw@")
        let error = await #expect(throws: SwitchyardError.self) {
            _ = try await MongoBackend.connect(BackendConfiguration(name: "docs", url: BackendURL(url)))
        }
        #expect(error?.kind == .rejected)
        #expect(error?.backend == "docs")
        #expect(error?.message.contains("cannot connect to") == true, "\(String(describing: error))")
        #expect(error.map { !"\($0)".contains("wrongXYZpw") } == true, "\(String(describing: error))")
    }

    @Test func anUnknownQueryOperatorIsASyntaxErrorWithTheServerCode() async throws {
        let error = try await error("db.items.find({$bogus: 1})")
        #expect(error.kind == .syntax)
        #expect(error.code != nil)
        #expect(error.statement == "db.items.find({$bogus: 1})")
    }

    @Test func anUnknownCommandIsASyntaxError() async throws {
        let error = try await error("db.runCommand({noSuchCommand: 1})")
        #expect(error.kind == .syntax)
        #expect(error.code == "59")
    }

    @Test func aWrongNumberOfBoundValuesGivesBothCounts() async throws {
        let error = try await error("db.items.find({a: $1, b: $2})", [1])
        #expect(error.kind == .invalidInput)
        #expect(error.message.contains("2 placeholder(s) but 1 value(s)"))
    }

    @Test func aSQLStatementIsRefusedAsUnsupported() async throws {
        let backend = try MongoTestServer.backend()
        let error = try await #require(throws: SwitchyardError.self) { _ = try await backend.query(Statement("SELECT 1")).collect() }
        await backend.shutdown()
        #expect(error.kind == .unsupported)
    }
}
