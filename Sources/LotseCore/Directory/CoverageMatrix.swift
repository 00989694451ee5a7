import Foundation

/// The Ist- und Bedarfsanalyse as numbers: for every municipality and life domain, how many
/// services exist, how many referrals the case work made and how many gaps it reported. A cell
/// without any service is a gap in the support system.
public struct CoverageMatrix: Sendable {
    public struct Municipality: Sendable {
        public let id: UUID
        public let name: String

        public init(id: UUID, name: String) {
            self.id = id
            self.name = name
        }
    }

    public struct Offer: Sendable {
        public let municipalityIDs: Set<UUID>
        public let lifeDomains: Set<LifeDomain>

        public init(municipalityIDs: Set<UUID>, lifeDomains: Set<LifeDomain>) {
            self.municipalityIDs = municipalityIDs
            self.lifeDomains = lifeDomains
        }
    }

    public struct Key: Hashable, Sendable {
        public let municipalityID: UUID
        public let lifeDomain: LifeDomain

        public init(_ municipalityID: UUID, _ lifeDomain: LifeDomain) {
            self.municipalityID = municipalityID
            self.lifeDomain = lifeDomain
        }
    }

    public struct Cell: Sendable, Equatable {
        public let services: Int
        public let referrals: Int
        public let findings: Int

        public var isGap: Bool { services == 0 }

        /// 0: no service, 1: one, 2: two or three, 3: four or more. Shown with colour *and* pattern
        /// *and* the number, so no one depends on seeing colour.
        public var level: Int {
            switch services {
            case 0: 0
            case 1: 1
            case 2...3: 2
            default: 3
            }
        }
    }

    public let municipalities: [Municipality]
    public let lifeDomains: [LifeDomain]
    public let cells: [Key: Cell]

    public init(municipalities: [Municipality], offers: [Offer], referrals: [Key: Int] = [:], findings: [Key: Int] = [:]) {
        self.municipalities = municipalities
        lifeDomains = LifeDomain.allCases
        var counts: [Key: Int] = [:]
        for offer in offers {
            for municipality in offer.municipalityIDs {
                for domain in offer.lifeDomains { counts[Key(municipality, domain), default: 0] += 1 }
            }
        }
        var cells: [Key: Cell] = [:]
        for municipality in municipalities {
            for domain in LifeDomain.allCases {
                let key = Key(municipality.id, domain)
                cells[key] = Cell(services: counts[key] ?? 0, referrals: referrals[key] ?? 0, findings: findings[key] ?? 0)
            }
        }
        self.cells = cells
    }

    public func cell(_ municipalityID: UUID, _ domain: LifeDomain) -> Cell {
        cells[Key(municipalityID, domain)] ?? Cell(services: 0, referrals: 0, findings: 0)
    }

    /// The life domains without any service in a municipality.
    public func gaps(in municipalityID: UUID) -> [LifeDomain] {
        lifeDomains.filter { cell(municipalityID, $0).isGap }
    }
}
