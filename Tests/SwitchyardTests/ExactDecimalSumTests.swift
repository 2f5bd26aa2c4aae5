import Switchyard
import Testing

@Suite("Exact decimal sums")
struct ExactDecimalSumTests {
    private func sum(_ a: String, _ b: String) -> String? {
        ExactDecimal(a)!.adding(ExactDecimal(b)!)?.text
    }

    @Test("sums keep every digit and the wider scale")
    func sumsAreExact() {
        #expect(sum("0.1", "0.2") == "0.3")
        #expect(sum("1.50", "2.125") == "3.625")
        #expect(sum("99999999999999999999999999999999999999.99", "0.01") == "100000000000000000000000000000000000000.00")
        #expect(sum("-5", "3.25") == "-1.75")
        #expect(sum("5", "-5") == "0")
        #expect(sum("-0.5", "-0.25") == "-0.75")
        #expect(sum("NaN", "1") == nil)
    }

    @Test("fan-out aggregation adds decimal partial sums exactly, not through Double")
    func aggregationKeepsDecimalsExact() async throws {
        let columns = Columns(names: ["region", "total"])
        func leg(_ rows: [(String, Value)]) -> ResultSet {
            ResultSet(columns: columns, rows: rows.map { Row(columns: columns, values: [.text($0.0), $0.1]) })
        }
        let merged = ResultSet.aggregating(
            [("a", leg([("eu", .decimal(ExactDecimal("12345678901234567890.10")!))])),
             ("b", leg([("eu", .decimal(ExactDecimal("0.20")!)), ("us", .int(3))])),
             ("c", leg([("us", .decimal(ExactDecimal("0.5")!))]))],
            groupBy: ["region"], aggregates: [.init(.sum, "total")])
        let rows = try await merged.collect()
        #expect(rows.map { $0["total"] } == [.decimal(ExactDecimal("12345678901234567890.30")!), .decimal(ExactDecimal("3.5")!)])
    }
}
