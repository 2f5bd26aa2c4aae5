import Testing
import Switchyard

@Suite struct BackendURLTests {
    @Test func splitsSchemeBodyAndOptions() throws {
        let url = try BackendURL("Postgres://ada@db.example.com:5432/app?sslmode=require&application_name=my%20app&sslmode=verify-full")
        #expect(url.scheme == "postgres")
        #expect(url.body == "//ada@db.example.com:5432/app")
        #expect(url.option("application_name") == "my app")
        #expect(url.option("sslmode") == "verify-full")
        #expect(url.option("missing") == nil)
    }

    /// `dump`, `debugPrint` and a containing value's default description go through the
    /// mirror and `debugDescription`, which must not show the password.
    @Test func dumpingAURLOrItsConfigurationShowsNoSecret() throws {
        let url = try BackendURL("postgres://app:hunter2-secret@db/x?sslpassword=keyXYZ")
        var dumped = ""
        dump(url, to: &dumped)
        dump(BackendConfiguration(name: "pg", url: url), to: &dumped)
        dumped += String(reflecting: url) + String(describing: Optional(url)) + "\([url])"
        #expect(!dumped.contains("hunter2"), "\(dumped)")
        #expect(!dumped.contains("keyXYZ"), "\(dumped)")
        #expect(dumped.contains("postgres://app:***@db/x"), "\(dumped)")
    }

    @Test func acceptsSQLiteForms() throws {
        #expect(try BackendURL("sqlite:///abs/path.db").body == "///abs/path.db")
        #expect(try BackendURL("sqlite::memory:").body == ":memory:")
        #expect(try BackendURL(" sqlite:relative.db ").body == "relative.db")
    }

    @Test(arguments: ["", "no-scheme", ":memory:", "1db:x", "my db:x", "/tmp/a.db"])
    func refusesTextWithoutAScheme(_ text: String) {
        #expect(throws: SwitchyardError.self) { try BackendURL(text) }
    }

    @Test(arguments: [
        ("postgres://ada:s3cret@host:5432/db", "postgres://ada:***@host:5432/db"),
        ("postgres://ada:p@ss@host/db", "postgres://ada:***@host/db"),
        ("postgres://ada:pa/ss@host/db", "postgres://ada:***@host/db"),
        ("postgres://ada:s3c?ret@host/db?sslmode=require", "postgres://ada:***@host/db?sslmode=require"),
        ("mongodb://host/db?appName=me@example", "mongodb://host/db?appName=me@example"),
        ("mongodb://u:s3cret@h1:27017,h2:27017/db?replicaSet=rs", "mongodb://u:***@h1:27017,h2:27017/db?replicaSet=rs"),
        ("postgres://host/db?user=ada&password=s3cret&sslmode=require", "postgres://host/db?user=ada&password=***&sslmode=require"),
        ("postgres://host/db?PASSWORD=s3cret", "postgres://host/db?PASSWORD=***"),
        ("postgres://host/db?sslpassword=s3cret&token=s3cret", "postgres://host/db?sslpassword=***&token=***"),
        ("mongodb://h/db?tlsCertificateKeyFilePassword=s3cret", "mongodb://h/db?tlsCertificateKeyFilePassword=***"),
        ("mongodb://h/db?authMechanismProperties=AWS_SESSION_TOKEN:s3cret", "mongodb://h/db?authMechanismProperties=***"),
        ("mongodb://h/db?apiKey=s3cret&clientSecret=s3cret", "mongodb://h/db?apiKey=***&clientSecret=***"),
        ("postgres://ada@host/db", "postgres://ada@host/db"),
        ("sqlite:///tmp/a.db", "sqlite:///tmp/a.db"),
    ])
    func redactsPasswords(_ text: String, _ redacted: String) throws {
        let url = try BackendURL(text)
        #expect(url.redacted == redacted)
        #expect(url.description == redacted)
        #expect(!url.redacted.contains("s3cret"))
    }

    @Test(arguments: ["postgres//ada:s3cret@host/db", "my db://ada:s3cret@host"])
    func anInvalidURLsErrorNeverShowsItsPassword(_ text: String) throws {
        let error = try #require(throws: SwitchyardError.self) { try BackendURL(text) }
        #expect(error.kind == .invalidInput)
        #expect(!error.description.contains("s3cret"))
    }

    @Test func aLibrarysMessageLosesTheURLsSecretsWholeOrInPart() throws {
        let url = try BackendURL("mongodb://u:pa@S3cretXYZ@127.0.0.1:27017/db?tlsCertificateKeyFilePassword=0ther-s3cret")
        // What libmongoc printed for such URLs: the password quoted, or its tail taken for a host, lower-cased.
        #expect(url.scrub(#"Password "pa@S3cretXYZ" must not have unescaped chars"#) == #"Password "***" must not have unescaped chars"#)
        #expect(url.scrub("Failed to resolve s3cretxyz@127.0.0.1") == "Failed to resolve ***@127.0.0.1")
        #expect(url.scrub("cannot read key file with password 0ther-s3cret") == "cannot read key file with password ***")
        #expect(url.scrub("server selection timeout") == "server selection timeout")
        #expect(!url.scrub("tried \(url.text)").lowercased().contains("s3cret"))
    }

    @Test func equalityIsByText() throws {
        #expect(try BackendURL("sqlite:a.db") == BackendURL("sqlite:a.db"))
        #expect(try BackendURL("sqlite:a.db") != BackendURL("sqlite:b.db"))
    }
}
