import Foundation

/// A post as the staffing tables count it on one day: its target (Soll) and filled (Ist) FTE in
/// hundredths, and where it works: some towns, a region as a whole, or the whole district.
public struct StaffedPost: Sendable, Equatable {
    public let title: String
    public let block: BuildingBlock
    public let target: Int
    public let filled: Int
    public let towns: [UUID]
    public let region: UUID?

    public init(title: String, block: BuildingBlock, target: Int, filled: Int, towns: [UUID], region: UUID?) {
        self.title = title
        self.block = block
        self.target = target
        self.filled = filled
        self.towns = towns
        self.region = region
    }

    public var isDistrictWide: Bool { towns.isEmpty && region == nil }
}

/// Soll and Ist of one area (a region, a town, or "kreisweit"), in hundredths of FTE; shares of
/// posts split between towns can be fractions of a hundredth, so they are kept unrounded.
public struct AreaStaffing: Sendable, Equatable {
    public let name: String
    public var target: Double = 0
    public var filled: Double = 0
    public var byBlock: [BuildingBlock: (target: Double, filled: Double)] = [:]
    /// "Case Management Marienmünster/Nieheim: 0,5"
    public var posts: [String] = []

    public init(name: String) { self.name = name }

    mutating func add(_ post: StaffedPost, share: Double) {
        target += Double(post.target) * share
        filled += Double(post.filled) * share
        let before = byBlock[post.block] ?? (0, 0)
        byBlock[post.block] = (before.target + Double(post.target) * share, before.filled + Double(post.filled) * share)
        posts.append("\(post.title): \(FTE.text(Int((Double(post.target) * share).rounded())))")
    }

    public static func == (lhs: AreaStaffing, rhs: AreaStaffing) -> Bool {
        lhs.name == rhs.name && lhs.target == rhs.target && lhs.filled == rhs.filled && lhs.posts == rhs.posts
    }
}

/// Staffing per region and per town, as Höxter reports its case-management posts per cluster
/// region (seed 003 §7.2: "Soll 2021: 0,5 Steinheim, 0,5 Marienmünster/Nieheim"). A post for
/// several towns counts for each in equal shares; a post for a region counts fully for the region
/// and in equal shares for its towns; a district-wide post counts in the row "kreisweit".
public enum StaffingAreas {
    public static let districtWide = "kreisweit"

    public struct Place: Sendable {
        public let id: UUID
        public let name: String
        public let region: UUID?

        public init(id: UUID, name: String, region: UUID?) {
            self.id = id
            self.name = name
            self.region = region
        }
    }

    /// One row per region (in the order given), one for towns outside any region if a post
    /// counts there, and "kreisweit" if a district-wide post exists.
    public static func perRegion(_ posts: [StaffedPost], regions: [(id: UUID, name: String)], towns: [Place]) -> [AreaStaffing] {
        var rows = Dictionary(uniqueKeysWithValues: regions.map { ($0.id, AreaStaffing(name: $0.name)) })
        var outside = AreaStaffing(name: "ohne Region")
        var wide = AreaStaffing(name: districtWide)
        let regionOf = Dictionary(uniqueKeysWithValues: towns.map { ($0.id, $0.region) })
        for post in posts where post.target > 0 || post.filled > 0 {
            if let region = post.region, rows[region] != nil {
                rows[region]?.add(post, share: 1)
            } else if post.towns.isEmpty {
                wide.add(post, share: 1)
            } else {
                // A post shared by towns of two regions counts in each region with its towns' share.
                let share = 1 / Double(post.towns.count)
                let byRegion = Dictionary(grouping: post.towns) { regionOf[$0] ?? nil }
                for (region, towns) in byRegion {
                    if let region, rows[region] != nil { rows[region]?.add(post, share: share * Double(towns.count)) }
                    else { outside.add(post, share: share * Double(towns.count)) }
                }
            }
        }
        return regions.compactMap { rows[$0.id] } + [outside, wide].filter { !$0.posts.isEmpty }
    }

    /// One row per town (in the order given), and "kreisweit" if a district-wide post exists.
    public static func perTown(_ posts: [StaffedPost], towns: [Place]) -> [AreaStaffing] {
        var rows = Dictionary(uniqueKeysWithValues: towns.map { ($0.id, AreaStaffing(name: $0.name)) })
        var wide = AreaStaffing(name: districtWide)
        for post in posts where post.target > 0 || post.filled > 0 {
            let served = post.region.map { region in towns.filter { $0.region == region }.map(\.id) } ?? post.towns
            if served.isEmpty {
                wide.add(post, share: 1)
                continue
            }
            for town in served { rows[town]?.add(post, share: 1 / Double(served.count)) }
        }
        return towns.compactMap { rows[$0.id] } + [wide].filter { !$0.posts.isEmpty }
    }
}
