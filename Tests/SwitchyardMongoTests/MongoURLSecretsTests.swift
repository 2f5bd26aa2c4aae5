import Switchyard
import SwitchyardMongo
import Testing

/// URLs libmongoc refuses, or accepts with secrets in their options: no error and no
/// description shows the secret, whole or in part. No server is needed: connecting is lazy.
@Suite struct MongoURLSecretsTests {
    @Test func aPasswordLibmongocQuotesInItsRefusalIsMasked() {
        let error = #expect(throws: SwitchyardError.self) {
            try MongoBackend.open(name: "b", url: "mongodb://u:sec:XYZ@127.0.0.1:27017/db")
        }
        #expect(error?.kind == .invalidInput)
        #expect(error?.message.contains("is not a MongoDB URI") == true)
        #expect(error.map { !"\($0)".contains("XYZ") } == true, "\(String(describing: error))")
    }

    @Test func anUnescapedAtInThePasswordIsRefusedBeforeLibmongocTakesItForAHost() {
        let error = #expect(throws: SwitchyardError.self) {
            try MongoBackend.open(name: "b", url: "mongodb://u:pa@ssXYZ@127.0.0.1:27017/db")
        }
        #expect(error?.kind == .invalidInput)
        #expect(error?.message.contains("unescaped '@'") == true)
        #expect(error?.hint?.contains("%40") == true)
        #expect(error.map { !"\($0)".lowercased().contains("ssxyz") } == true, "\(String(describing: error))")
    }

    @Test func secretOptionsAreMaskedInTheBackendsURL() async throws {
        let backend = try MongoBackend.open(
            name: "b", url: "mongodb://127.0.0.1:27017/db?tlsCertificateKeyFilePassword=secXYZ&authMechanismProperties=AWS_SESSION_TOKEN:tokXYZ")
        #expect(!backend.redactedURL.contains("XYZ"), "\(backend.redactedURL)")
        await backend.shutdown()
    }
}
