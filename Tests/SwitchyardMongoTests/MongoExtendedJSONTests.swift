import Foundation
import Switchyard
import SwitchyardMongo
import Testing

@Suite struct MongoExtendedJSONTests {
    @Test func mongoTypesUseRelaxedExtendedJSONSpellings() {
        let document: Value = .document([
            "_id": MongoScalarType.objectId("507f1f77bcf86cd799439011"),
            "at": .timestamp(Timestamp(iso8601: "2024-05-01T12:30:00.123Z")!),
            "old": .timestamp(Timestamp(iso8601: "1969-12-31T23:59:59.999Z")!),
            "price": .decimal(ExactDecimal("12.50")!), "n": 5, "inf": .double(.infinity),
            "u": .uuid(UUID(uuidString: "123E4567-E89B-12D3-A456-426614174000")!), "b": .bytes([1, 2]),
            "re": MongoScalarType.regex("^a", flags: "i"), "ts": MongoScalarType.timestamp(seconds: 10, increment: 2),
            "min": .scalar(BackendScalar(type: MongoScalarType.minKey, text: "MinKey")),
        ])
        #expect(JSON.serialize(MongoExtendedJSON.relaxed(document)) == #"{"_id":{"$oid":"507f1f77bcf86cd799439011"},"at":{"$date":"2024-05-01T12:30:00.123Z"},"old":{"$date":{"$numberLong":"-1"}},"price":{"$numberDecimal":"12.50"},"n":5,"inf":{"$numberDouble":"Infinity"},"u":{"$binary":{"base64":"Ej5FZ+ibEtOkVkJmFBdAAA==","subType":"04"}},"b":{"$binary":{"base64":"AQI=","subType":"00"}},"re":{"$regularExpression":{"pattern":"^a","options":"i"}},"ts":{"$timestamp":{"t":10,"i":2}},"min":{"$minKey":1}}"#)
    }
}
