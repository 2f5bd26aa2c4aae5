import Foundation
import Switchyard
import SwitchyardPostgres
import Testing

/// Every type the adapter supports, stored through a bound parameter and read back,
/// in binary results and (next to an `interval` column, which makes the adapter ask
/// for text) in text results.
@Suite(.enabled(if: PostgresTestServer.isEnabled, "no PostgreSQL test server: \(PostgresTestServer.startHint)"), .timeLimit(.minutes(1)))
struct PostgresTypeTests {
    static func scalar(_ type: String, _ text: String) -> Value { .scalar(BackendScalar(type: type, text: text)) }

    static let cases: [(type: String, values: [Value])] = [
        ("boolean", [true, false]),
        ("smallint", [.int(0), .int(-32768), .int(32767)]),
        ("integer", [.int(Int64(Int32.min)), .int(Int64(Int32.max))]),
        ("bigint", [.int(.min), .int(.max), .int(9_007_199_254_740_993)]),
        ("real", [.double(1.5), .double(-0.0), .double(.infinity), .double(-.infinity), .double(.nan)]),
        ("double precision", [
            .double(.pi), .double(-0.0), .double(.leastNonzeroMagnitude), .double(.greatestFiniteMagnitude),
            .double(.infinity), .double(-.infinity), .double(.nan),
        ]),
        ("numeric", [
            "0", "-12.50", "1234567890123456789012345678901234567890.0123456789", "0.000000000000000000000000000000000000000001",
            "-98765432109876543210987654321098765432109876543210", "NaN", "Infinity", "-Infinity",
        ].compactMap { ExactDecimal($0).map(Value.decimal) }),
        ("text", [.text(""), .text("Grüße 🚂 'quoted' \"double\" \\ tab\t newline\n"), .text(String(repeating: "x", count: 100_000))]),
        ("varchar(20)", [.text("short"), .text("")]),
        ("char(5)", [.text("ab   ")]),
        ("name", [.text("pg_identifier")]),
        ("bytea", [.bytes([]), .bytes(Array(0...255)), .bytes([0, 0x5C, 0x27, 0x09, 0x0A])]),
        ("date", [
            .date(CalendarDate(year: 2024, month: 2, day: 29)!), .date(CalendarDate(year: 1, month: 1, day: 1)!),
            .date(CalendarDate(year: -4712, month: 1, day: 1)!), .date(CalendarDate(year: 5_874_897, month: 12, day: 31)!),
            scalar("date", "infinity"), scalar("date", "-infinity"),
        ]),
        ("time", [.time(TimeOfDay(hour: 0, minute: 0, second: 0)!), .time(TimeOfDay(hour: 23, minute: 59, second: 59, microsecond: 999_999)!),
                  .time(TimeOfDay(hour: 24, minute: 0, second: 0)!)]),
        ("timestamp", [
            .timestamp(Timestamp(iso8601: "2024-05-01T12:30:00.123456Z")!), .timestamp(Timestamp(iso8601: "1969-12-31T23:59:59.999999Z")!),
            .timestamp(Timestamp(iso8601: "-4712-01-01T00:00:00Z")!), scalar("timestamp", "infinity"), scalar("timestamp", "-infinity"),
            scalar("timestamp", "294276-12-31 23:59:59.999999"), .timestamp(Timestamp(microsecondsSinceEpoch: .max)),
            scalar("timestamp", "294247-01-10 04:00:54.775808"),
        ]),
        ("timestamptz", [
            .timestamp(Timestamp(iso8601: "2024-05-01T12:30:00.123456Z")!), .timestamp(Timestamp(iso8601: "0001-01-01T00:00:00Z")!),
            .timestamp(Timestamp(iso8601: "-4712-01-01T00:00:00Z")!), scalar("timestamptz", "infinity"), scalar("timestamptz", "-infinity"),
            scalar("timestamptz", "294276-12-31 23:59:59.999999+00"), .timestamp(Timestamp(microsecondsSinceEpoch: .max)),
            scalar("timestamptz", "294247-01-10 04:00:54.775808+00"),
        ]),
        ("interval", [scalar("interval", "1 year 2 mons 3 days 04:05:06.789"), scalar("interval", "-00:00:01"), scalar("interval", "00:00:00")]),
        ("inet", [scalar("inet", "192.168.0.1"), scalar("inet", "10.0.0.0/8"), scalar("inet", "::1"), scalar("inet", "2001:db8::1/64")]),
        ("cidr", [scalar("cidr", "10.0.0.0/8")]),
        ("uuid", [.uuid(UUID(uuidString: "123E4567-E89B-12D3-A456-426614174000")!), .uuid(UUID(uuidString: "00000000-0000-0000-0000-000000000000")!)]),
        ("json", [.document(["z": 1, "a": .array([.text("x"), .null]), "n": .document(["deep": .bool(true)])]), .array([1, 2]), .document([:])]),
        ("jsonb", [.document(["a": 1, "b": .text("two")]), .array([.double(1.5), .null])]),
        ("bigint[]", [.array([]), .array([.int(1), .null, .int(.max)]), .array([.null])]),
        ("integer[]", [.array([.int(1), .int(2)])]),
        ("text[]", [.array([.text("a,b"), .text("\"q\""), .text("NULL"), .null, .text(""), .text("back\\slash"), .text("{}")])]),
        ("double precision[]", [.array([.double(.nan), .double(-.infinity), .double(0.1)])]),
        ("numeric[]", [.array([.decimal(ExactDecimal("1.10")!), .null])]),
        ("boolean[]", [.array([true, false, .null])]),
        ("date[]", [.array([.date(CalendarDate(year: 2000, month: 1, day: 1)!), .null])]),
        ("timestamptz[]", [.array([.timestamp(Timestamp(iso8601: "2024-05-01T12:30:00Z")!)])]),
        ("uuid[]", [.array([.uuid(UUID(uuidString: "123E4567-E89B-12D3-A456-426614174000")!)])]),
        ("bytea[]", [.array([.bytes([1, 2]), .bytes([])])]),
        ("jsonb[]", [.array([.document(["a": 1]), .null])]),
        ("interval[]", [.array([scalar("interval", "1 day"), .null])]),
    ]

    /// Bit-exact for doubles (NaN equals NaN); decimals compare as numbers, as `==` does.
    static func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.double(let x), .double(let y)): return x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN)
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        default: return a == b
        }
    }

    @Test(arguments: cases.map(\.type))
    func valuesRoundTripInBinaryAndText(_ type: String) async throws {
        let values = try #require(Self.cases.first { $0.type == type }?.values)
        try await withBackend { backend in
            let table = PostgresTestServer.tableName("types")
            try await backend.execute("CREATE TABLE \(table) (id integer PRIMARY KEY, v \(type), i interval)")
            for (index, value) in (values + [.null]).enumerated() {
                try await backend.execute(Statement("INSERT INTO \(table) (id, v) VALUES ($1, $2)", [.int(Int64(index)), value]))
            }
            let binary = try await backend.query("SELECT v FROM \(table) ORDER BY id").collect()
            let text = try await backend.query("SELECT v, i FROM \(table) ORDER BY id").collect()
            for (index, expected) in (values + [.null]).enumerated() {
                #expect(Self.same(binary[index][0], expected), "binary \(type): \(binary[index][0]) != \(expected)")
                #expect(Self.same(text[index][0], expected), "text \(type): \(text[index][0]) != \(expected)")
            }
            // Found again through a bound parameter of the same value.
            for (index, value) in values.enumerated() where !value.isNull && !["json", "jsonb", "jsonb[]", "real", "double precision", "double precision[]", "numeric"].contains(type) {
                let found = try await backend.query(Statement("SELECT id FROM \(table) WHERE v = $1", [value])).collect()
                #expect(found.map { $0[0] }.contains(.int(Int64(index))), "\(type) \(value) found by value")
            }
            try await backend.execute("DROP TABLE \(table)")
        }
    }

    @Test func columnsDescribeTheirTypes() async throws {
        try await withBackend { backend in
            let result = try await backend.query("SELECT 1::int4 AS a, 'x'::varchar AS b, now() AS c, '{}'::int8[] AS d")
            #expect(result.columns.map(\.declaredType) == ["integer", "character varying", "timestamp with time zone", "bigint[]"])
            _ = try await result.collect()
        }
    }

    @Test func unknownTypesComeBackAsText() async throws {
        try await withBackend { backend in
            let enumName = PostgresTestServer.tableName("mood")
            try await backend.execute("CREATE TYPE \(enumName) AS ENUM ('sad', 'happy')")
            let row = try #require(
                try await backend.query(
                    "SELECT point(1, 2) AS p, 'happy'::\(enumName) AS m, 12.5::money AS cash, 'a=>1'::text AS t, '[1,5)'::int4range AS r"
                ).collect().first)
            #expect(row["p"] == .text("(1,2)"))
            #expect(row["m"] == .text("happy"))
            #expect(row["cash"] == .text("$12.50"))
            #expect(row["r"] == .text("[1,5)"))
            #expect(try await backend.query("SELECT 'sad'::\(enumName) AS m").collect().first?.columns[0].declaredType == enumName)
            try await backend.execute("DROP TYPE \(enumName)")
        }
    }

    @Test func textBindsToAnyTypeTheServerExpects() async throws {
        try await withBackend { backend in
            let row = try #require(
                try await backend.query(
                    Statement("SELECT $1::date AS d, $2::interval AS i, $3::inet AS n", [.text("2024-05-01"), .text("1 day"), .text("::1")])
                ).collect().first)
            #expect(row["d"] == .date(CalendarDate(year: 2024, month: 5, day: 1)!))
            #expect(row["i"] == .scalar(BackendScalar(type: "interval", text: "1 day")))
            #expect(row["n"] == .scalar(BackendScalar(type: "inet", text: "::1")))
        }
    }

    @Test func valuesKeepTheirTypeWhenSelectedDirectly() async throws {
        try await withBackend { backend in
            let values: [Value] = [.int(7), .double(2.5), .bool(true), .decimal(ExactDecimal("1.25")!), .uuid(UUID()), .bytes([1])]
            let placeholders = (1...values.count).map { "$\($0)" }.joined(separator: ", ")
            let row = try #require(try await backend.query(Statement("SELECT \(placeholders)", values)).collect().first)
            #expect(row.values == values)
        }
    }

    @Test func textHoldingNulIsRefusedNotTruncated() async throws {
        try await withBackend { backend in
            let error = await #expect(throws: SwitchyardError.self) {
                _ = try await backend.query(Statement("SELECT $1::text", [.text("a\u{0}b")])).collect()
            }
            #expect(error?.kind == .invalidInput)
            #expect(error?.backend == "pg")
            let after = try await backend.query("SELECT 1").collect()
            #expect(after.count == 1)
        }
    }

    @Test func aDocumentBindsIntoJsonbAndAnArrayIntoJson() async throws {
        try await withBackend { backend in
            let row = try #require(
                try await backend.query(
                    Statement("SELECT $1::jsonb -> 'a' AS a, jsonb_typeof($2::jsonb) AS kind", [.document(["a": 5]), .array([1, 2])])
                ).collect().first)
            #expect(row["a"] == .int(5))
            #expect(row["kind"] == .text("array"))
        }
    }

    @Test func nanAndInfinitiesInADoubleArrayAreDoublesPrintedAsPostgreSQLSpellsThem() async throws {
        try await withBackend { backend in
            let sql = "SELECT ARRAY['NaN'::float8, 'Infinity', '-Infinity', 1.5] AS a"
            for query in [sql, sql + ", '1 day'::interval AS i"] {  // binary, then text results
                let a = try #require(try await backend.query(query).collect().first)["a"]
                #expect(a?.description == "[NaN,Infinity,-Infinity,1.5]", "\(query)")
            }
        }
    }

    @Test func nanBoundIntoJsonbIsStoredAsPostgreSQLsToJsonbWritesIt() async throws {
        try await withBackend { backend in
            let value: Value = [.double(.nan), .double(-.infinity), 1.5]
            let row = try #require(
                try await backend.query(
                    Statement("SELECT $1::jsonb = to_jsonb(ARRAY['NaN'::float8, '-Infinity', 1.5]) AS same", [value])
                ).collect().first)
            #expect(row["same"] == .bool(true))
        }
    }

    @Test func instantsBeforePostgreSQLsFirstAreRefusedByTheServerAsInvalidInput() async throws {
        try await withBackend { backend in
            for value: Value in [
                .timestamp(Timestamp(microsecondsSinceEpoch: .min)), .timestamp(Timestamp(microsecondsSinceEpoch: .min + 1)),
                .timestamp(Timestamp(iso8601: "-4713-11-23T23:59:59Z")!),
            ] {
                for type in ["timestamp", "timestamptz"] {
                    let error = await #expect(throws: SwitchyardError.self, "\(value) as \(type)") {
                        _ = try await backend.query(Statement("SELECT $1::\(type)", [value])).collect()
                    }
                    #expect(error?.kind == .invalidInput, "\(value) as \(type)")
                    #expect(error?.code == "22008", "\(value) as \(type): PostgreSQL's datetime_field_overflow")
                }
            }
            let dates: [Value] = [.date(CalendarDate(daysSinceEpoch: .max)), .date(CalendarDate(daysSinceEpoch: .min))]
            for value in dates {
                let error = await #expect(throws: SwitchyardError.self) {
                    _ = try await backend.query(Statement("SELECT $1::date", [value])).collect()
                }
                #expect(error?.kind == .invalidInput)
            }
            // The backend goes on working.
            let last = Value.timestamp(Timestamp(microsecondsSinceEpoch: .max))
            let row = try #require(try await backend.query(Statement("SELECT $1::timestamptz AS t", [last])).collect().first)
            #expect(row["t"]?.description == "294247-01-10T04:00:54.775807Z")
        }
    }

    @Test func timestampReadsWithoutAZoneAndTimestamptzWithOne() async throws {
        try await withBackend { backend in
            let sql = "SELECT '2024-01-02 03:04:05'::timestamp AS ts, '2024-01-02 05:04:05+02'::timestamptz AS tstz"
            for query in [sql, sql + ", '1 day'::interval AS i"] {  // binary, then text results
                let row = try #require(try await backend.query(query).collect().first)
                #expect(row["ts"]?.description == "2024-01-02T03:04:05", "\(query)")
                #expect(row["tstz"]?.description == "2024-01-02T03:04:05Z", "\(query)")
                #expect(row["ts"] == row["tstz"])
            }
        }
    }
}
