import Testing
@testable import LotseCore

@Suite struct PersonMentionTests {
    let amina = KnownPerson(givenNames: "Amina", familyName: "Al-Haddad", birthDate: "1988-03-14")
    let mohammed = KnownPerson(givenNames: "Mohammed", familyName: "Yılmaz", birthDate: "")

    @Test(arguments: [
        "Amina Al-Haddad findet keine Hausarztpraxis.",
        "Frau al-haddad wartet seit Monaten auf einen Kurs.",
        "AMINA braucht Kinderbetreuung.",
        "Geboren am 14.03.1988, kein Kitaplatz.",
        "Seit dem 14.3.88 ohne Versicherung.",
        "1988-03-14: Termin verpasst.",
        "14. März 1988 eingereist.",
        "Herr Muhammad Yilmaz findet keinen Kurs.",
        "Familie Yilmaz wartet.",
    ])
    func aKnownNameOrBirthDateIsFound(_ text: String) {
        #expect(PersonMention.found(in: text, people: [amina, mohammed]), "\(text)")
    }

    @Test(arguments: [
        "Es fehlen Sprachkurse mit Kinderbetreuung in Hövelhof.",
        "Die Wartezeit beim Jobcenter beträgt über drei Monate.",
        "Seit dem 14.03.2024 ist die Beratungsstelle geschlossen.",
        "Von der Stadt kam keine Antwort; die Ausländerbehörde ist überlastet.",
        "Am 01.02.1988 wurde die Regelung eingeführt.",
    ])
    func anOrdinaryTextPasses(_ text: String) {
        #expect(!PersonMention.found(in: text, people: [amina, mohammed]), "\(text)")
    }

    @Test func noKnownPeopleMeansNothingToFind() {
        #expect(!PersonMention.found(in: "Amina Al-Haddad", people: []))
    }
}
