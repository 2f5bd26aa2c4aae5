import Foundation
import Testing
import Switchyard

@Suite struct ExactDecimalTests {
    @Test(arguments: [
        ("0", "0"), ("-0", "0"), ("+12", "12"), ("007.50", "7.50"), (".5", "0.5"), ("5.", "5"), ("-12.50", "-12.50"),
        ("1e3", "1000"), ("1E+2", "100"), ("1.5e-3", "0.0015"), ("-2.5e1", "-25"), ("12345e-2", "123.45"),
        ("0.0001e4", "1"), ("1e-2", "0.01"), ("  42  ", "42"), ("nan", "NaN"), ("-Infinity", "-Infinity"),
        ("1234567890123456789012345678901234567890", "1234567890123456789012345678901234567890"),
        ("-0.000000000000000000000000000000000000001", "-0.000000000000000000000000000000000000001"),
    ])
    func canonicalisesItsText(_ input: String, _ canonical: String) throws {
        #expect(try #require(ExactDecimal(input)).text == canonical)
    }

    @Test(arguments: ["", "-", ".", "abc", "1.2.3", "1e", "e5", "--1", "1_000", "12a", "0x10", "1e999999", "١٢", "1 2"])
    func rejectsJunk(_ input: String) {
        #expect(ExactDecimal(input) == nil)
    }

    /// `abs(Int.min)` overflows: the most negative exponent once trapped, so that a DECIMAL column
    /// holding this text crashed whatever read it.
    @Test(arguments: ["1e-9223372036854775808", "-1E-9223372036854775808", "1e9223372036854775807", "1e-99999999999999999999"])
    func anExponentAtTheEndsOfIntIsRefusedNotATrap(_ input: String) {
        #expect(ExactDecimal(input) == nil)
    }

    @Test func equalNumbersWrittenDifferentlyAreEqual() {
        #expect(ExactDecimal("1e3") == ExactDecimal("1000"))
        #expect(ExactDecimal("-0.0") == ExactDecimal("0.0"))
    }

    @Test(arguments: [
        ("5.00", "5"), ("5.0", "+5"), ("0.0", "0"), ("-0.000", "0"), ("007.50", "7.5"), ("-1.10", "-1.1"), ("1e2", "100.000"),
        ("0.5e1", "5.00"), ("NaN", "nan"),
    ])
    func equalityIsNumericWhateverTheScale(_ a: String, _ b: String) throws {
        let x = try #require(ExactDecimal(a))
        let y = try #require(ExactDecimal(b))
        #expect(x == y)
        #expect(x.hashValue == y.hashValue)
        #expect(Set([Value.decimal(x), .decimal(y)]).count == 1)
    }

    @Test(arguments: [("5.01", "5"), ("-5", "5"), ("50", "5"), ("0.05", "0.5"), ("Infinity", "-Infinity"), ("NaN", "0")])
    func differentNumbersAreNotEqual(_ a: String, _ b: String) throws {
        #expect(try #require(ExactDecimal(a)) != #require(ExactDecimal(b)))
    }

    @Test func theTextKeepsItsScaleForDisplay() throws {
        let price = try #require(ExactDecimal("5.00"))
        #expect(price.text == "5.00")
        #expect(price == ExactDecimal(Int64(5)))
        #expect(ExactDecimal(canonical: "12.50") == ExactDecimal(Decimal(string: "12.5")!))
    }

    @Test func convertsToDoubleAndDecimal() throws {
        let d = try #require(ExactDecimal("12.25"))
        #expect(d.doubleValue == 12.25)
        #expect(d.decimalValue == Decimal(string: "12.25"))
        #expect(ExactDecimal(Int64.min).text == "-9223372036854775808")
        #expect(ExactDecimal(Decimal(string: "-1.5")!).text == "-1.5")
    }

    @Test func describesItselfAsItsDigits() {
        #expect(Value.decimal(ExactDecimal("1e2")!).description == "100")
    }
}
