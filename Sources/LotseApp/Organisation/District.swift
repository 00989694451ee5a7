import Fluent
import Foundation

/// A Kreis: the tenant. Every other table hangs off one.
final class District: Model, @unchecked Sendable {
    static let schema = "districts"
    var properties: [any AnyProperty] { [$id, $name, $isActive, $createdAt] }

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "is_active") var isActive: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(id: UUID? = nil, name: String) {
        self.id = id
        self.name = name
        isActive = true
    }
}
