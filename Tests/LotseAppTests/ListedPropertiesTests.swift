import Fluent
import Testing
@testable import LotseApp

/// Models list their properties by hand instead of Fluent's reflection (issue 17): each list must
/// hold exactly the property wrappers reflection finds, or a field would be neither saved nor read.
@Suite struct ListedPropertiesTests {
    @Test func everyModelListsEachOfItsPropertiesOnce() {
        for type in ListedProperties.models {
            let model = type.init()
            let listed = model.properties.map { ObjectIdentifier($0 as AnyObject) }
            let reflected = Mirror(reflecting: model).children.compactMap { $0.value as? any AnyProperty }
            #expect(listed.count == reflected.count && Set(listed) == Set(reflected.map { ObjectIdentifier($0 as AnyObject) }),
                    "\(type.schema): listed \(Self.keys(model.properties)), has \(Self.keys(reflected))")
        }
    }

    @Test func theCatalogueNamesEachModelOnce() {
        let schemas = ListedProperties.models.map { $0.schema }
        #expect(Set(schemas).count == schemas.count)
        #expect(schemas.count >= 72)
    }

    static func keys(_ properties: [any AnyProperty]) -> [String] {
        properties.compactMap { $0 as? any AnyDatabaseProperty }.flatMap(\.keys).map(\.description)
    }
}
