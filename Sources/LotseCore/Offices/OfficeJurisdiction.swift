import Foundation

/// What an immigration or naturalisation office does (Baustein 3, issue 16). One office may do
/// both, as many Kreise combine them.
public enum OfficeKind: String, Vocabulary {
    case residence, naturalisation

    public var germanName: String {
        switch self {
        case .residence: "Ausländerbehörde"
        case .naturalisation: "Einbürgerungsbehörde"
        }
    }
}

/// The procedures Baustein 3 works on (seeds 000, 001, 003, 004), and any an office adds.
public enum Procedure: String, Vocabulary {
    case youthResidence, sustainableIntegration, opportunityResidence, naturalisation, other

    public var germanName: String {
        switch self {
        case .youthResidence: "§ 25a AufenthG – gut integrierte Jugendliche und junge Volljährige"
        case .sustainableIntegration: "§ 25b AufenthG – nachhaltige Integration"
        case .opportunityResidence: "§ 104c AufenthG – Chancen-Aufenthaltsrecht"
        case .naturalisation: "Einbürgerung nach dem Staatsangehörigkeitsgesetz"
        case .other: "weiteres Verfahren"
        }
    }

    /// Which kind of office decides it.
    public var officeKind: OfficeKind { self == .naturalisation ? .naturalisation : .residence }
}

/// Which office is responsible for a municipality: each municipality has at most one office of
/// each kind (the Kreis's own, or a town's with an office of its own, seed 001).
public enum OfficeJurisdiction {
    public struct Office: Sendable, Equatable {
        public let id: UUID
        public let name: String
        public let kinds: Set<OfficeKind>
        public let municipalityIDs: Set<UUID>

        public init(id: UUID, name: String, kinds: Set<OfficeKind>, municipalityIDs: Set<UUID>) {
            self.id = id
            self.name = name
            self.kinds = kinds
            self.municipalityIDs = municipalityIDs
        }
    }

    public struct Overlap: Sendable, Equatable {
        public let municipalityID: UUID
        public let kind: OfficeKind
        public let other: Office
    }

    /// The office of `kind` responsible for `municipality`, if the district has one.
    public static func responsible(for municipality: UUID, kind: OfficeKind, among offices: [Office]) -> Office? {
        offices.first { $0.kinds.contains(kind) && $0.municipalityIDs.contains(municipality) }
    }

    /// Where `office` would share a municipality and a kind with another office: refused, so that
    /// a handover always has exactly one recipient.
    public static func overlaps(of office: Office, with others: [Office]) -> [Overlap] {
        others.filter { $0.id != office.id }.flatMap { other in
            office.kinds.intersection(other.kinds).sorted { $0.rawValue < $1.rawValue }.flatMap { kind in
                office.municipalityIDs.intersection(other.municipalityIDs).sorted { $0.uuidString < $1.uuidString }
                    .map { Overlap(municipalityID: $0, kind: kind, other: other) }
            }
        }
    }
}
