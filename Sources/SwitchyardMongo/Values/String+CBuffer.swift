extension String {
    /// The NUL-terminated text in a fixed C buffer (libbson's ObjectId and Decimal128 strings).
    init(cBuffer buffer: [CChar]) {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        self.init(decoding: bytes, as: UTF8.self)
    }
}
