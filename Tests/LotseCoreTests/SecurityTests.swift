import Foundation
import Testing
@testable import LotseCore

@Suite struct PasswordRulesTests {
    @Test func lengthAndCommonness() {
        #expect(PasswordRules.problem(with: "kurz", username: "x") == .tooShort)
        #expect(PasswordRules.problem(with: "elf-Zeichen", username: "x") == .tooShort)
        #expect(PasswordRules.problem(with: "Passwort1234", username: "x") == .common)
        #expect(PasswordRules.problem(with: "aaaaaaaaaaaaaaaa", username: "x") == .common)
        #expect(PasswordRules.problem(with: "abababababab", username: "x") == .common)
        #expect(PasswordRules.problem(with: "345678901234", username: "x") == .common)
        #expect(PasswordRules.problem(with: "xyzxyzxyzxyz", username: "x") == .common)
        #expect(PasswordRules.problem(with: "mmueller-Frühling-27", username: "mmueller") == .containsUsername)
        #expect(PasswordRules.problem(with: "Ampel-Fahrrad-Tulpe-9", username: "mmueller") == nil)
        #expect(PasswordRules.problem(with: String(repeating: "ab1", count: 90), username: "x") == .tooLong)
    }

    @Test func aNewPasswordMustBeGoodAndRepeated() {
        #expect(PasswordRules.choiceProblem(password: "kurz", repeated: "kurz", username: "x")?.field == "password")
        #expect(PasswordRules.choiceProblem(password: "Ampel-Fahrrad-Tulpe-9", repeated: "Ampel-Fahrrad-Tulpe-8", username: "x")?.field == "passwordRepeat")
        #expect(PasswordRules.choiceProblem(password: "Ampel-Fahrrad-Tulpe-9", repeated: "Ampel-Fahrrad-Tulpe-9", username: "x") == nil)
    }

    @Test func everyProblemHasAGermanMessage() {
        for problem in [PasswordRules.Problem.tooShort, .common, .containsUsername, .tooLong] {
            #expect(!problem.message.isEmpty)
            #expect(problem.message.hasSuffix("."))
        }
    }

    @Test func prehashMakesBytesBeyond72Count() {
        let shared = String(repeating: "x", count: 72)
        let first = PasswordRules.prehash(shared + "A")
        let second = PasswordRules.prehash(shared + "B")
        #expect(first != second)
        #expect(first.utf8.count < 72)
        #expect(!first.contains("\0"))
    }
}

@Suite struct UsernameRulesTests {
    @Test func lowercaseLettersDigitsAndFewSigns() {
        for good in ["eva.schmidt", "cm-01", "a_b"] { #expect(UsernameRules.isValid(good)) }
        for bad in ["ab", "Eva", "eva schmidt", "jörg", "x@y", String(repeating: "a", count: 65)] { #expect(!UsernameRules.isValid(bad)) }
    }
}

@Suite struct SecretBoxTests {
    let master = MasterKey.generate().key

    @Test func roundTripAndContextBinding() throws {
        let box = SecretBox(masterKey: master, purpose: "totp")
        let sealed = try box.seal([1, 2, 3], context: "user-1")
        #expect(try box.open(sealed, context: "user-1") == [1, 2, 3])
        #expect(throws: (any Error).self) { try box.open(sealed, context: "user-2") }
        let otherPurpose = SecretBox(masterKey: master, purpose: "other")
        #expect(throws: (any Error).self) { try otherPurpose.open(sealed, context: "user-1") }
        let otherKey = SecretBox(masterKey: MasterKey.generate().key, purpose: "totp")
        #expect(throws: (any Error).self) { try otherKey.open(sealed, context: "user-1") }
    }

    @Test func masterKeyMustBe32Bytes() {
        #expect(MasterKey(base64: Data(repeating: 1, count: 16).base64EncodedString()) == nil)
        #expect(MasterKey(base64: "kein base64") == nil)
        #expect(MasterKey(base64: Data(repeating: 1, count: 32).base64EncodedString() + "\n") != nil)
    }
}

@Suite struct SessionAndThrottleTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func idleAndAbsoluteLimits() {
        let life = SessionLifetime.standard
        #expect(!life.isExpired(createdAt: start, lastSeenAt: start, now: start.addingTimeInterval(29 * 60)))
        #expect(life.isExpired(createdAt: start, lastSeenAt: start, now: start.addingTimeInterval(31 * 60)))
        let late = start.addingTimeInterval(12 * 3600 + 1)
        #expect(life.isExpired(createdAt: start, lastSeenAt: late.addingTimeInterval(-60), now: late))
    }

    @Test func throttleCountsAccountAndAddressSeparately() {
        let throttle = SignInThrottle.standard
        #expect(!throttle.isLocked(accountFailures: 4, addressFailures: 19))
        #expect(throttle.isLocked(accountFailures: 5, addressFailures: 0))
        #expect(throttle.isLocked(accountFailures: 0, addressFailures: 20))
        #expect(SignInThrottle.accountKey(" Anna.M ") == SignInThrottle.accountKey("anna.m"))
        #expect(SignInThrottle.accountKey("anna") != SignInThrottle.addressKey("anna"))
    }

    @Test func forwardedForIsBelievedOnlyFromTrustedProxies() {
        #expect(ClientAddress.resolve(peer: "203.0.113.9", forwardedFor: "10.0.0.1", trustedProxies: []) == "203.0.113.9")
        #expect(ClientAddress.resolve(peer: "127.0.0.1", forwardedFor: "1.2.3.4, 198.51.100.7", trustedProxies: ["127.0.0.1"]) == "198.51.100.7")
        #expect(ClientAddress.resolve(peer: "127.0.0.1", forwardedFor: nil, trustedProxies: ["127.0.0.1"]) == "127.0.0.1")
    }

    @Test func tokensAndOneTimePasswords() {
        let token = SecureRandom.token()
        #expect(token.count == 43)
        #expect(!token.contains("+") && !token.contains("/") && !token.contains("="))
        #expect(SecureRandom.token() != token)
        let otp = SecureRandom.oneTimePassword()
        #expect(otp.count == 19)
        #expect(otp.split(separator: "-").count == 4)
        #expect(PasswordRules.problem(with: otp, username: "anna") == nil)
        #expect(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

@Suite struct AccessPolicyTests {
    let district = UUID()
    let here = UUID()
    let there = UUID()

    func actor(_ roles: Role..., scope: GrantScope = .district) -> Actor {
        Actor(userID: UUID(), districtID: district, grants: roles.map { RoleGrant(role: $0, scope: scope) })
    }

    @Test func eachActionBelongsToItsRoles() {
        let expected: [Action: Set<Role>] = [
            .useOwnAccount: Set(Role.allCases), .administerOrganisation: [.admin], .administerUsers: [.admin], .approveGrants: [.admin, .dataProtection],
            .readAuditTrail: [.dataProtection], .exportAuditTrail: [.dataProtection],
            .readDirectory: Set(Role.allCases), .editDirectory: [.coordinator, .caseManager], .importDirectory: [.coordinator],
            .readCoverage: [.coordinator, .caseManager, .steeringMember],
            .recordBriefContact: [.caseManager], .readCases: [.caseManager, .coordinator], .workOnCases: [.caseManager],
            .callDistrictConference: [.coordinator], .manageTopics: [.coordinator],
            .readSteering: [.coordinator, .steeringMember], .manageBodies: [.coordinator], .answerEvidenceRequest: [.caseManager],
            .readProgramme: [.coordinator, .steeringMember], .manageProgramme: [.coordinator], .manageRetention: [.dataProtection], .decideErasure: [.dataProtection, .erasureApprover], .overseeDataProtection: [.dataProtection],
            .readRequirements: [.caseManager, .coordinator, .immigrationOffice], .maintainRequirements: [.immigrationOffice],
            .receiveHandovers: [.immigrationOffice], .reportBacklog: [.immigrationOffice],
            .readCampaign: [.coordinator, .caseManager, .immigrationOffice, .steeringMember], .manageCampaign: [.coordinator, .immigrationOffice],
            .readOwnMeetings: [.immigrationOffice],
        ]
        for action in Action.allCases {
            for role in Role.allCases {
                #expect(AccessPolicy.permits(actor(role), action) == expected[action]!.contains(role), "\(role) \(action)")
            }
        }
    }

    @Test func noActionCrossesADistrict() {
        let everything = actor(.admin, .coordinator, .dataProtection, .caseManager, .immigrationOffice)
        for action in Action.allCases {
            #expect(AccessPolicy.permits(everything, action, at: ResourceLocation(districtID: district)))
            #expect(!AccessPolicy.permits(everything, action, at: ResourceLocation(districtID: UUID())))
        }
    }

    @Test func noRolesMeansNothing() {
        let nobody = Actor(userID: UUID(), districtID: district, grants: [])
        for action in Action.allCases { #expect(AccessPolicy.scope(for: nobody, action) == nil) }
    }

    /// DESIGN.md §4.1: admins, data protection, steering group and the immigration office (until
    /// handovers exist) see no case content; coordinators read cases only, pseudonymised.
    @Test func caseContentIsForTheCaseManagersOwnMunicipalities() {
        for role in [Role.admin, .dataProtection, .steeringMember, .immigrationOffice] {
            for action in [Action.readCases, .workOnCases, .recordBriefContact] { #expect(!AccessPolicy.permits(actor(role), action), "\(role) \(action)") }
        }
        #expect(!AccessPolicy.permits(actor(.coordinator), .workOnCases))
        let local = actor(.caseManager, scope: .municipalities([here]))
        #expect(AccessPolicy.permits(local, .workOnCases, at: ResourceLocation(districtID: district, municipalityID: here)))
        #expect(!AccessPolicy.permits(local, .workOnCases, at: ResourceLocation(districtID: district, municipalityID: there)))
        #expect(!AccessPolicy.permits(local, .readCases, at: ResourceLocation(districtID: district, municipalityID: there)))
        #expect(AccessPolicy.permits(actor(.coordinator), .readCases, at: ResourceLocation(districtID: district, municipalityID: there)))
    }

    @Test func aLocalScopeReachesItsMunicipalitiesOnly() throws {
        let local = actor(.caseManager, scope: .municipalities([here]))
        let scope = try #require(AccessPolicy.scope(for: local, .useOwnAccount))
        #expect(scope.contains(ResourceLocation(districtID: district, municipalityID: here)))
        #expect(!scope.contains(ResourceLocation(districtID: district, municipalityID: there)))
        #expect(!scope.contains(ResourceLocation(districtID: district)), "district-wide things are outside a local scope")
        #expect(!scope.contains(ResourceLocation(districtID: UUID(), municipalityID: here)))
    }

    @Test func entriesOfSeveralMunicipalitiesAreReachedThroughAnyOfThem() throws {
        let local = try #require(AccessPolicy.scope(for: actor(.caseManager, scope: .municipalities([here])), .editDirectory))
        #expect(local.reachesAny(districtID: district, municipalityIDs: [here, there]))
        #expect(!local.reachesAny(districtID: district, municipalityIDs: [there]))
        #expect(local.mayAssign([here]) && !local.mayAssign([here, there]))
        let wide = try #require(AccessPolicy.scope(for: actor(.coordinator), .editDirectory))
        #expect(wide.reachesAny(districtID: district, municipalityIDs: [there]) && wide.mayAssign([here, there]))
        #expect(!wide.reachesAny(districtID: UUID(), municipalityIDs: [there]))
    }

    @Test func theDirectoryAndTheCoverageAreReadForTheWholeDistrict() throws {
        let local = actor(.caseManager, scope: .municipalities([here]))
        for action in [Action.readDirectory, .readCoverage] {
            let scope = try #require(AccessPolicy.scope(for: local, action))
            #expect(scope.municipalityIDs == nil && scope.reachesAny(districtID: district, municipalityIDs: [there]))
        }
        #expect(AccessPolicy.scope(for: local, .editDirectory)?.municipalityIDs == [here], "changing stays local")
    }

    @Test func theWidestGrantingRoleWins() throws {
        let both = Actor(userID: UUID(), districtID: district, grants: [
            RoleGrant(role: .caseManager, scope: .municipalities([here])), RoleGrant(role: .coordinator, scope: .district),
        ])
        #expect(try #require(AccessPolicy.scope(for: both, .useOwnAccount)).municipalityIDs == nil)
    }
}

@Suite struct AuditChainTests {
    let chain = AuditChain(masterKey: MasterKey.generate().key)

    func entries(_ count: Int) -> [AuditRecord] {
        var previous = AuditChain.genesis
        return (1...count).map { index in
            let record = chain.seal(AuditRecord(
                sequence: Int64(index), occurredAtMilliseconds: 1_800_000_000_000 + Int64(index), districtID: UUID(), actorID: UUID(),
                clientAddress: "127.0.0.1", requestID: "r\(index)", action: "user.read", objectType: "user", objectID: UUID().uuidString,
                outcome: "allowed", previousHash: "", hash: ""), after: previous)
            previous = record.hash
            return record
        }
    }

    @Test func anUntouchedChainIsIntact() {
        let records = entries(5)
        #expect(chain.verify(records, headSequence: 5, headHash: records[4].hash) == .intact(entries: 5))
        #expect(chain.verify([], headSequence: 0, headHash: AuditChain.genesis) == .intact(entries: 0))
    }

    @Test func anAlteredEntryIsNamed() {
        var records = entries(5)
        records[2].action = "user.list"
        #expect(chain.verify(records, headSequence: 5, headHash: records[4].hash) == .altered(position: 3))
        var last = entries(3)
        last[2].outcome = "denied"
        #expect(chain.verify(last, headSequence: 3, headHash: last[2].hash) == .altered(position: 3))
    }

    @Test func aRemovedEntryIsNamed() {
        var records = entries(5)
        let head = records[4].hash
        records.remove(at: 1)
        #expect(chain.verify(records, headSequence: 5, headHash: head) == .removed(position: 2))
        var tail = entries(4)
        let tailHead = tail[3].hash
        tail.removeLast()
        #expect(chain.verify(tail, headSequence: 4, headHash: tailHead) == .removed(position: 4))
    }

    @Test func anInsertedEntryIsNamed() {
        var records = entries(5)
        let head = records[4].hash
        // Slipped in as number 3, the later ones renumbered to make room.
        var forged = records[1]
        forged.action = "signIn.succeeded"
        forged.hash = String(repeating: "a", count: 64)
        for index in 2..<records.count { records[index].sequence += 1 }
        records.insert(forged, at: 2)
        forged.sequence = 3
        records[2] = forged
        #expect(chain.verify(records, headSequence: 5, headHash: head) == .inserted(position: 3))
        // Appended behind the head.
        var appended = entries(3)
        var extra = appended[2]
        extra.sequence = 4
        extra.previousHash = appended[2].hash
        extra.hash = String(repeating: "b", count: 64)
        appended.append(extra)
        #expect(chain.verify(appended, headSequence: 3, headHash: appended[2].hash) == .inserted(position: 4))
    }

    /// `lotse audit verify` feeds the trail page by page; every break is found wherever the pages end.
    @Test func pageByPageFindsWhatTheWholeFinds() {
        var altered = entries(9)
        altered[4].action = "user.list"
        var removed = entries(9)
        let removedHead = removed[8].hash
        removed.remove(at: 5)
        var forged = entries(9)
        forged[6].hash = String(repeating: "c", count: 64)
        let cases: [([AuditRecord], Int64, String)] = [(entries(9), 9, ""), (altered, 9, altered[8].hash), (removed, 9, removedHead), (forged, 9, forged[8].hash)]
        for (records, headSequence, given) in cases {
            let head = given.isEmpty ? records[8].hash : given
            let whole = chain.verify(records, headSequence: headSequence, headHash: head)
            for size in 1...records.count {
                var verification = AuditChain.Verification(chain: chain)
                var finding: AuditChain.Finding?
                for start in stride(from: 0, to: records.count, by: size) where finding == nil {
                    finding = verification.feed(Array(records[start..<min(start + size, records.count)]))
                }
                #expect((finding ?? verification.finish(headSequence: headSequence, headHash: head)) == whole, "pages of \(size)")
            }
        }
    }

    /// Someone holding the key rewrites history and computes the chain anew: it verifies, but not
    /// against an anchor taken before. A forged anchor is told apart; a check can start at an anchor.
    @Test func anchorsCatchAHistoryWrittenAnewWithTheKey() {
        let key = MasterKey.generate().key
        let chain = AuditChain(masterKey: key), signer = AuditAnchor.Signer(masterKey: key)
        func sealed(_ actions: [String]) -> [AuditRecord] {
            var previous = AuditChain.genesis
            return actions.enumerated().map { index, action in
                let record = chain.seal(AuditRecord(sequence: Int64(index + 1), occurredAtMilliseconds: 1_800_000_000_000, districtID: nil, actorID: nil,
                                                    clientAddress: "127.0.0.1", requestID: "r", action: action, objectType: nil, objectID: nil,
                                                    outcome: "allowed", previousHash: "", hash: ""), after: previous)
                previous = record.hash
                return record
            }
        }
        let original = sealed(["case.read", "case.exported", "case.read", "user.read"])
        let anchor = signer.anchor(sequence: 3, hash: original[2].hash, at: 1_800_000_000_000)
        #expect(signer.isGenuine(anchor))
        let rewritten = sealed(["case.read", "case.read", "case.read", "user.read"])  // the export made to vanish
        #expect(chain.verify(rewritten, headSequence: 4, headHash: rewritten[3].hash) == .intact(entries: 4), "without anchors it verifies")
        var checked = AuditChain.Verification(chain: chain, anchors: [anchor.sequence: anchor.hash])
        #expect(checked.feed(rewritten) == .contradictsAnchor(position: 3))
        var honest = AuditChain.Verification(chain: chain, anchors: [anchor.sequence: anchor.hash])
        #expect(honest.feed(original) == nil && honest.finish(headSequence: 4, headHash: original[3].hash) == .intact(entries: 4))
        // From the anchor on: only the entry after it is checked.
        var fromAnchor = AuditChain.Verification(chain: chain, after: (anchor.sequence, anchor.hash))
        #expect(fromAnchor.feed([original[3]]) == nil && fromAnchor.finish(headSequence: 4, headHash: original[3].hash) == .intact(entries: 1))
        // A trail cut back below an anchor, head included, is caught by the anchor.
        var cut = AuditChain.Verification(chain: chain, anchors: [anchor.sequence: anchor.hash])
        #expect(cut.feed(Array(original.prefix(2))) == nil && cut.finish(headSequence: 2, headHash: original[1].hash) == .removed(position: 3))
        // An anchor written without the key does not pass.
        let forged = AuditAnchor(sequence: 3, hash: rewritten[2].hash, anchoredAtMilliseconds: anchor.anchoredAtMilliseconds, signature: anchor.signature)
        #expect(!signer.isGenuine(forged))
        #expect(!AuditAnchor.Signer(masterKey: MasterKey.generate().key).isGenuine(anchor))
    }

    @Test func theSeparatorCannotBeSmuggledIn() {
        var one = entries(1)[0]
        one.objectType = "a\u{1F}b"
        var two = one
        two.objectType = "a"
        two.objectID = "b\u{1F}" + (one.objectID ?? "")
        #expect(AuditChain.canonical(one) != AuditChain.canonical(two))
    }
}

@Suite struct GermanFormatTests {
    @Test func numbers() {
        #expect(GermanFormat.number(1234.5, fractionDigits: 1) == "1.234,5")
        #expect(GermanFormat.number(1_234_567) == "1.234.567")
        #expect(GermanFormat.number(-0.5, fractionDigits: 2) == "-0,50")
        #expect(GermanFormat.number(999) == "999")
    }

    @Test func datesInBerlinTime() {
        // 23.11.2026 23:30 UTC is already the 24th in Berlin (UTC+1).
        let date = Date(timeIntervalSince1970: 1_795_476_600)
        #expect(GermanFormat.date(date) == "24.11.2026")
        #expect(GermanFormat.dateTime(date) == "24.11.2026, 00:30 Uhr")
        #expect(GermanFormat.isoDay(date) == "2026-11-24")
        #expect(GermanFormat.day("2026-11-24").map(GermanFormat.isoDay) == "2026-11-24")
    }

    /// Days are written without a calendar; only days that exist are rewritten.
    @Test func isoDaysBecomeGermanDaysOnlyWhenTheyExist() {
        #expect(GermanFormat.germanDay("2026-03-05") == "05.03.2026")
        #expect(GermanFormat.germanDay("2024-02-29") == "29.02.2024")
        for text in ["2025-02-29", "2100-02-29", "2026-04-31", "2026-13-01", "1900-01-01", "gestern", ""] {
            #expect(GermanFormat.germanDay(text) == text)
            #expect(GermanFormat.day(text) == nil)
        }
        #expect(GermanFormat.germanDay("2000-02-29") == "29.02.2000")
    }

    /// The day after a day begins at midnight in Berlin, also across the change to summer time.
    @Test func theDayAfterBeginsAtBerlinMidnight() throws {
        let dayAfter = try #require(GermanFormat.dayAfter("2026-03-28"))
        #expect(GermanFormat.isoDay(dayAfter) == "2026-03-29")
        #expect(GermanFormat.isoDay(dayAfter.addingTimeInterval(-1)) == "2026-03-28")
        let summer = try #require(GermanFormat.dayAfter("2026-03-29"))
        #expect(summer.timeIntervalSince(dayAfter) == 23 * 3600, "the day summer time begins has 23 hours")
        #expect(GermanFormat.dayAfter("2026-02-30") == nil)
    }
}

@Suite struct CSVTests {
    @Test func quotesAndDefusesFormulas() {
        #expect(CSV.row(["a", "b;c", "say \"hi\""]) == "a;\"b;c\";\"say \"\"hi\"\"\"\r\n")
        #expect(CSV.cell("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSV.cell("+49 5251") == "'+49 5251")
        #expect(CSV.cell("-1") == "'-1")
        #expect(CSV.cell("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSV.cell("Büren") == "Büren")
    }
}

@Suite struct CoverageMatrixTests {
    @Test func countsServicesPerMunicipalityAndDomainAndFindsTheGaps() {
        let north = CoverageMatrix.Municipality(id: UUID(), name: "Nord")
        let south = CoverageMatrix.Municipality(id: UUID(), name: "Süd")
        let offers = [
            CoverageMatrix.Offer(municipalityIDs: [north.id, south.id], lifeDomains: [.work, .language]),
            CoverageMatrix.Offer(municipalityIDs: [north.id], lifeDomains: [.work]),
            CoverageMatrix.Offer(municipalityIDs: [UUID()], lifeDomains: [.health]),
        ]
        let matrix = CoverageMatrix(municipalities: [north, south], offers: offers,
                                    referrals: [CoverageMatrix.Key(north.id, .work): 3])
        #expect(matrix.cell(north.id, .work) == CoverageMatrix.Cell(services: 2, referrals: 3, findings: 0))
        #expect(matrix.cell(south.id, .work).services == 1)
        #expect(matrix.cell(north.id, .health).isGap, "an offer elsewhere does not count here")
        #expect(matrix.gaps(in: south.id).count == LifeDomain.allCases.count - 2)
        #expect([0, 1, 2, 3, 4, 9].map { CoverageMatrix.Cell(services: $0, referrals: 0, findings: 0).level } == [0, 1, 2, 2, 3, 3])
    }
}

@Suite struct CSVParseTests {
    @Test func readsWhatItWrites() throws {
        let rows = [["Name", "Notiz"], ["Träger; mit Semikolon", "Zeile 1\nZeile 2"], ["=SUMME(A1)", "sagt \"hallo\""], ["+49 5251", ""]]
        let text = CSV.byteOrderMark + rows.map(CSV.row).joined()
        let parsed = try CSV.parse(text)
        #expect(parsed.map { $0.map(CSV.value) } == rows)
    }

    @Test func acceptsLFAndReportsAnOpenQuote() throws {
        #expect(try CSV.parse("a;b\nc;d\n") == [["a", "b"], ["c", "d"]])
        #expect(throws: CSV.ParseError(line: 2)) { try CSV.parse("a;b\n\"offen;d\n") }
    }
}
