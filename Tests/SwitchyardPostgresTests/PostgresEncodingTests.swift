import Foundation
import Switchyard
import Testing

@testable import SwitchyardPostgres

/// The adapter's text handling that needs no server: SQL scanning, array literals,
/// numeric and date formats, the connection string.
struct PostgresEncodingTests {
    @Test func theScannerCountsParametersOutsideStringsAndComments() {
        let text = PostgresSQLText("SELECT $2, '$7', \"$8\", $$ $9 $$, $tag$ ; $5 $tag$, E'\\' $6', a$3 -- $4\n /* $10 /* nested */ $11 */ FROM t")
        #expect(text.parameterCount == 2)
        #expect(text.pieces.count == 1)
    }

    @Test func theScannerSplitsStatementsAndKeepsOffsets() {
        let text = PostgresSQLText("SELECT 1; SELECT ';'; ;  -- only a comment\n")
        #expect(text.pieces.map(\.text) == ["SELECT 1", " SELECT ';'"])
        #expect(text.pieces.map(\.characterOffset) == [0, 9])
        #expect(PostgresSQLText("  -- nothing\n").pieces.isEmpty)
        #expect(PostgresSQLText("SELECT 'ü'; SELECT 2").pieces.last?.characterOffset == 11)
    }

    @Test func theScannerSplitsWherePostgreSQLReadsBytes() {
        // Any non-ASCII character continues a name, a combining mark too: `x́$$` opens no dollar quote.
        #expect(PostgresSQLText("SELECT 1 AS x\u{301}$$; DELETE FROM t; SELECT 2 AS y$$").pieces.count == 3)
        // A line comment ends at a carriage return, alone or before a line feed.
        #expect(PostgresSQLText("SELECT 1; -- c\r; SELECT 2").pieces.map(\.text) == ["SELECT 1", " SELECT 2"])
        #expect(PostgresSQLText("SELECT 1; -- c\r\nDELETE FROM t").pieces.count == 2)
        #expect(PostgresSQLText("SELECT 'a'\u{301}x; DELETE FROM t; SELECT 'z'").pieces.count == 3)
        // Only ASCII digits number a parameter; a non-ASCII blank is part of a name, so content.
        #expect(PostgresSQLText("SELECT $1\u{0663}").parameterCount == 1)
        #expect(PostgresSQLText("SELECT 1; \u{3000}").pieces.count == 2)
    }

    @Test func theScannerKeepsAnAtomicBodyInItsStatement() {
        let function = """
            CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql
            BEGIN ATOMIC
              INSERT INTO log VALUES (a);
              SELECT CASE WHEN a > 0 THEN a ELSE 0 END;
            END
            """
        #expect(PostgresSQLText(function).pieces.map(\.text) == [function])
        #expect(PostgresSQLText(function + "; SELECT f(1)").pieces.map(\.text) == [function, " SELECT f(1)"])
        // A trigger has no body: its `;` ends it.
        let trigger = "CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW EXECUTE FUNCTION f(); SELECT 1"
        #expect(PostgresSQLText(trigger).pieces.count == 2)
        // Words in strings, comments and dollar quotes do not open blocks; E'…' still escapes.
        let quoted = #"CREATE FUNCTION g() RETURNS text AS $$ BEGIN RETURN E'' BEGIN'; END $$ LANGUAGE plpgsql; SELECT 2"#
        #expect(PostgresSQLText(quoted).pieces.count == 2)
        let commented = "CREATE FUNCTION h() RETURNS int LANGUAGE sql /* BEGIN */ RETURN 1; SELECT 3"
        #expect(PostgresSQLText(commented).pieces.count == 2)
    }

    @Test func arrayLiteralsRoundTrip() {
        let values: [Value] = [.text("a,b"), .null, .text("\"q\""), .text("back\\slash"), .text("NULL"), .text("")]
        let literal = PostgresArrayLiteral.write(values) { PostgresTextEncoder.text($0) }
        #expect(literal == #"{"a,b",NULL,"\"q\"","back\\slash","NULL",""}"#)
        #expect(PostgresArrayLiteral.parse(literal) == [.text("a,b"), .null, .text("\"q\""), .text("back\\slash"), .text("NULL"), .text("")])
        #expect(PostgresArrayLiteral.parse("[0:1]={1,2}") == [.text("1"), .text("2")])
        #expect(PostgresArrayLiteral.parse("{{1,2},{3,NULL}}") == [.nested([.text("1"), .text("2")]), .nested([.text("3"), .null])])
        #expect(PostgresArrayLiteral.parse("{1,2") == nil)
    }

    /// Nesting far deeper than PostgreSQL's six dimensions once recursed until the stack ran out.
    @Test func aDeeplyNestedArrayLiteralIsMalformedNotACrash() {
        #expect(PostgresArrayLiteral.parse(String(repeating: "{", count: 100_000) + String(repeating: "}", count: 100_000)) == nil)
        #expect(PostgresTextDecoder.decode(1007, String(repeating: "{", count: 100_000)) == .text(String(repeating: "{", count: 100_000)))
        let six = String(repeating: "{", count: 6) + "1" + String(repeating: "}", count: 6)
        #expect(PostgresArrayLiteral.parse(six) != nil)
    }

    @Test func binaryNumericKeepsEveryDigit() {
        // 12345678.9 as base-10000 digits: 1234 5678 9000, weight 1, scale 1.
        let bytes: [UInt8] = [0, 3, 0, 1, 0, 0, 0, 1, 0x04, 0xD2, 0x16, 0x2E, 0x23, 0x28]
        #expect(bytes.withUnsafeBytes { PostgresNumeric.decode($0) }?.text == "12345678.9")
        // -0.0001 : digit 1 at weight -1, scale 4.
        let small: [UInt8] = [0, 1, 0xFF, 0xFF, 0x40, 0, 0, 4, 0, 1]
        #expect(small.withUnsafeBytes { PostgresNumeric.decode($0) }?.text == "-0.0001")
        let nan: [UInt8] = [0, 0, 0, 0, 0xC0, 0, 0, 0]
        #expect(nan.withUnsafeBytes { PostgresNumeric.decode($0) }?.text == "NaN")
        let truncated: [UInt8] = [0, 3, 0, 1]
        #expect(truncated.withUnsafeBytes { PostgresNumeric.decode($0) } == nil)
    }

    @Test func canonicalDecimalsSkipParsingButMatchIt() {
        for text in ["0", "-1", "12.50", "0.001", "-0.5", "1234567890123456789012345678901234567890.5", "NaN", "-Infinity",
                     "007", "-0", "-0.00", "1.", ".5", "1e3", " 1", "+1", "1.2.3", "abc", ""] {
            #expect(ExactDecimal(canonical: text) == ExactDecimal(text), "\(text)")
        }
    }

    @Test func datesBeforeTheCommonEraUseBC() {
        let date = CalendarDate(year: -43, month: 3, day: 15)!
        #expect(PostgresTemporal.text(date) == "0044-03-15 BC")
        #expect(PostgresTemporal.parseDate("0044-03-15 BC") == .date(date))
        let timestamp = Timestamp(date: date)
        #expect(PostgresTemporal.text(timestamp) == "0044-03-15 00:00:00+00 BC")
        #expect(PostgresTemporal.parseTimestamp("0044-03-15 00:00:00+00 BC", hasTimeZone: true) == .timestamp(timestamp))
        #expect(PostgresTemporal.parseTimestamp("2024-05-01 12:00:00-03:30", hasTimeZone: true)
            == .timestamp(Timestamp(iso8601: "2024-05-01T15:30:00Z")!))
    }

    @Test func timestampsAtTheEndsOfTheRangeReadAndWriteWithoutTrapping() {
        let last = Timestamp(microsecondsSinceEpoch: .max)
        #expect(PostgresTemporal.text(last) == "294247-01-10 04:00:54.775807+00")
        #expect(PostgresTemporal.parseTimestamp("294247-01-10 04:00:54.775807+00", hasTimeZone: true) == .timestamp(last))
        // The same instant written in a zone ahead of UTC: its local time is past the range, the instant is not.
        #expect(PostgresTemporal.parseTimestamp("294247-01-10 05:30:54.775807+01:30", hasTimeZone: true) == .timestamp(last))
        #expect(
            PostgresTemporal.parseTimestamp("294247-01-10 04:00:54.775808+00", hasTimeZone: true)
                == .scalar(BackendScalar(type: "timestamptz", text: "294247-01-10 04:00:54.775808+00")))
        let first = Timestamp(microsecondsSinceEpoch: .min)
        #expect(PostgresTemporal.text(first) == "290309-12-21 19:59:05.224192+00 BC")
        #expect(PostgresTemporal.parseTimestamp("290309-12-21 19:59:05.224192+00 BC", hasTimeZone: true) == .timestamp(first))
        #expect(PostgresTemporal.parseTimestamp("2024-05-01 12:00:00+99", hasTimeZone: true) == nil)
        #expect(PostgresTemporal.pgDays(CalendarDate(daysSinceEpoch: .min)) == nil)
        #expect(PostgresTemporal.pgDays(CalendarDate(daysSinceEpoch: .max)) == nil)
        #expect(PostgresTemporal.text(CalendarDate(daysSinceEpoch: .min)) == "25252734927764586-06-07 BC")
    }

    @Test func malformedBinaryValuesThrowInsteadOfCrashing() {
        let short: [UInt8] = [1, 2, 3]
        for type in [PostgresType.int8, PostgresType.uuid, PostgresType.date, PostgresType.numeric, PostgresType.arrayOf[PostgresType.int8]!] {
            #expect(throws: SwitchyardError.self) { try short.withUnsafeBytes { try PostgresBinaryDecoder.decode(type, $0) } }
        }
    }

    @Test func ourOptionsAreRemovedAndTheRestPassesThrough() throws {
        let url = try BackendURL("postgres://ada:p%40ss@h1:5432,h2:5433/app?pool_max=4&sslmode=require&application_name=x&acquire_timeout=2s&options=-c%20search_path%3Dfoo")
        let connection = try PostgresConnectionString(url: url)
        #expect(connection.uri == "postgres://ada:p%40ss@h1:5432,h2:5433/app?sslmode=require&application_name=x&options=-c%20search_path%3Dfoo")
        let options = connection.parameters.first { $0.keyword == "options" }?.value
        #expect(options == PostgresConnectionString.sessionOptions + " -c search_path=foo")
        #expect(connection.secrets.scrub("bad p@ss and p%40ss") == "bad *** and ***")
        let parsed = try PostgresOptions(url: url)
        #expect(parsed.maximumConnections == 4)
        #expect(parsed.acquireTimeout == .seconds(2))
        #expect(PostgresDriver().defaultName(for: url) == "app")
        #expect(throws: SwitchyardError.self) { try PostgresConnectionString(url: BackendURL("postgres:app")) }
    }

    @Test func copyFieldsEscapeWhatCopyTreatsSpecially() {
        var out: [UInt8] = []
        PostgresTextEncoder.appendCopyField(.text("a\tb\nc\\d\re"), to: &out)
        out.append(0x09)
        PostgresTextEncoder.appendCopyField(.null, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "a\\tb\\nc\\\\d\\re\t\\N")
    }

    @Test func valuesDeclareTheirNaturalTypes() {
        #expect(PostgresBindings.declaredType(of: .int(1)) == PostgresType.int8)
        #expect(PostgresBindings.declaredType(of: .text("x")) == 0)
        #expect(PostgresBindings.declaredType(of: .array([.int(1), .null])) == 0)
        #expect(PostgresBindings.declaredType(of: .scalar(BackendScalar(type: "interval", text: "1 day"))) == PostgresType.interval)
    }

    @Test func sqlStatesMapToKinds() {
        let cases: [(String, SwitchyardError.Kind)] = [
            ("23505", .constraint), ("23503", .constraint), ("42601", .syntax), ("42P01", .syntax), ("42703", .syntax),
            ("08006", .connection), ("25006", .readOnly), ("40001", .busy), ("40P01", .busy), ("22012", .invalidInput),
            ("57P01", .connection), ("XX000", .database),
        ]
        for (state, kind) in cases {
            #expect(SwitchyardError.kind(sqlState: state, message: "", interruption: nil) == kind, "\(state)")
        }
        #expect(SwitchyardError.kind(sqlState: "57014", message: "", interruption: .timeout(.seconds(1))) == .timeout)
        #expect(SwitchyardError.kind(sqlState: "57014", message: "canceling statement due to statement timeout", interruption: nil) == .timeout)
        #expect(SwitchyardError.kind(sqlState: "57014", message: "canceling statement due to user request", interruption: nil) == .cancelled)
    }
}
