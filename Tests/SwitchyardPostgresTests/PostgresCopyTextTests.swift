import Switchyard
import Testing

@testable import SwitchyardPostgres

/// COPY's fast field writer must write exactly the text the general encoder writes.
struct PostgresCopyTextTests {
    static let values: [Value] = [
        .int(0), .int(7), .int(-42), .int(.max), .int(.min),
        .timestamp(Timestamp(microsecondsSinceEpoch: 0)),
        .timestamp(Timestamp(microsecondsSinceEpoch: 1_714_566_600_123_456)),
        .timestamp(Timestamp(microsecondsSinceEpoch: 1_714_566_600_000_001)),
        .timestamp(Timestamp(microsecondsSinceEpoch: -62_135_596_800_000_000)),  // 0001-01-01
        .timestamp(Timestamp(microsecondsSinceEpoch: -62_135_596_800_000_001)),  // 1 BC: general path
        .timestamp(Timestamp(microsecondsSinceEpoch: 253_402_300_799_999_999)),  // 9999-12-31
        .timestamp(Timestamp(microsecondsSinceEpoch: 253_402_300_800_000_000)),  // year 10000: general path
    ]

    @Test(arguments: values)
    func copyFieldsReadAsTheGeneralEncoderWritesThem(_ value: Value) {
        var out: [UInt8] = []
        PostgresTextEncoder.appendCopyField(value, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == PostgresTextEncoder.text(value))
    }
}
