import Switchyard
import Testing

/// Finding a table by a name written as in SQL (the REPL's `\d NAME`).
@Suite struct CatalogLookupTests {
    private func object(_ schema: String?, _ name: String) -> CatalogObject {
        CatalogObject(schema: schema, name: name, kind: .table, columns: [])
    }

    private var catalog: Catalog {
        Catalog(objects: [
            object("public", "Quoted Name"), object("public", "quoted name"), object("Sales", "Orders"),
            object("public", #"a"b"#), object("public", "dotted.name"), object("public", "orders"),
        ])
    }

    @Test func aQuotedNameMatchesExactlyWithoutItsQuotes() {
        #expect(catalog.object(identifiedBy: #""Quoted Name""#)?.name == "Quoted Name")
        #expect(catalog.object(identifiedBy: #""quoted name""#)?.name == "quoted name")
        #expect(catalog.object(identifiedBy: #""QUOTED NAME""#) == nil)
        #expect(catalog.object(identifiedBy: #""a""b""#)?.name == #"a"b"#)
        #expect(catalog.object(identifiedBy: "`Quoted Name`")?.name == "Quoted Name")
        #expect(catalog.object(identifiedBy: "[Quoted Name]")?.name == "Quoted Name")
        // Inside quotes, a dot is part of the name.
        #expect(catalog.object(identifiedBy: #""dotted.name""#)?.name == "dotted.name")
    }

    @Test func quotedAndBarePartsOfASchemaQualifiedName() {
        #expect(catalog.object(identifiedBy: #"public."quoted name""#)?.name == "quoted name")
        #expect(catalog.object(identifiedBy: #"PUBLIC . "Quoted Name""#)?.name == "Quoted Name")
        #expect(catalog.object(identifiedBy: #""Sales".orders"#)?.qualifiedName == "Sales.Orders")
        #expect(catalog.object(identifiedBy: #""sales"."Orders""#) == nil)
        #expect(catalog.object(identifiedBy: #"other."Quoted Name""#) == nil)
    }

    @Test func aNameWithoutQuotesIsFoundAsBefore() {
        #expect(catalog.object(identifiedBy: "quoted name") == catalog.object(named: "quoted name"))
        #expect(catalog.object(identifiedBy: "ORDERS")?.qualifiedName == "Sales.Orders")
        #expect(catalog.object(identifiedBy: "public.orders")?.qualifiedName == "public.orders")
        #expect(catalog.object(identifiedBy: "dotted.name")?.name == "dotted.name")
    }

    @Test func textThatIsNoNameFindsNothing() {
        for text in [#""Quoted Name"#, #""Quoted" Name"#, "'Quoted Name'", #""a".."b""#, #"."orders""#, #"a."b".c."d""#] {
            #expect(catalog.object(identifiedBy: text) == nil, "\(text)")
        }
    }
}
