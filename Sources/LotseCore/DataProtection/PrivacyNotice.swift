/// What a person is told about the processing of their data (Art. 13–15 GDPR), written from the
/// district's own settings: the access export prints it under the data, and the record of
/// processing activities (Art. 30) uses the same sentences, so the two never disagree.
public struct PrivacyNotice: Sendable, Equatable {
    public struct Section: Sendable, Equatable, Codable {
        public let heading: String
        public let text: String

        public init(heading: String, text: String) {
            self.heading = heading
            self.text = text
        }
    }

    /// The district (the controller) and its retention periods in months.
    public let districtName: String
    public let closedCaseMonths: Int
    public let firstContactMonths: Int

    public init(districtName: String, closedCaseMonths: Int, firstContactMonths: Int) {
        self.districtName = districtName
        self.closedCaseMonths = closedCaseMonths
        self.firstContactMonths = firstContactMonths
    }

    public var controller: String { "\(districtName), Kommunales Integrationsmanagement (KIM)" }

    public static let purpose = "Beratung und Begleitung im Case Management des Kommunalen Integrationsmanagements: Klärung der Lage, "
        + "Vereinbarung von Zielen, Vermittlung an Beratungsstellen und Behörden, Fallkonferenzen; außerdem anonyme Zahlen für die "
        + "Steuerung und die Berichte an das Land."

    public static let legalBasis = "Ihre Einwilligung (Art. 6 Abs. 1 lit. a und Art. 9 Abs. 2 lit. a DSGVO), erklärt mit der "
        + "Einverständniserklärung; jede Weitergabe an eine Stelle nur mit einer Schweigepflichtentbindung für genau diese Stelle."

    public static let dataCategories = "Name, Geburtsdatum, Geschlecht, Staatsangehörigkeiten, Sprachen, Kontaktdaten, Anschrift, "
        + "Aufenthaltsstatus, Rechtskreise, Haushalt; Einschätzungen, Ziele, Maßnahmen, Kontakte, Verweisungen, Fallkonferenzen. "
        + "Darunter sind besondere Kategorien (z. B. Gesundheit) im Sinne von Art. 9 DSGVO."

    public var retention: String {
        "Ein abgeschlossener Fall mit Case Management wird \(closedCaseMonths) Monate nach dem Abschluss anonymisiert, ein im "
            + "Erstgespräch beendeter nach \(firstContactMonths) Monaten. Dann werden alle Angaben zur Person gelöscht und ihr "
            + "Schlüssel vernichtet; es bleiben nur Zahlen ohne Personenbezug."
    }

    public static let rights = "Sie können Auskunft verlangen (Art. 15 DSGVO), die Berichtigung falscher Angaben (Art. 16), die "
        + "Löschung (Art. 17), die Einschränkung der Verarbeitung (Art. 18) und die Daten in einem gängigen Format (Art. 20). "
        + "Ihre Einwilligung und jede Schweigepflichtentbindung können Sie jederzeit für die Zukunft widerrufen (Art. 7 Abs. 3). "
        + "Sie können sich bei der Landesbeauftragten für Datenschutz und Informationsfreiheit Nordrhein-Westfalen beschweren (Art. 77)."

    public static let source = "Die Angaben stammen von Ihnen selbst; bei einem Zugang über eine andere Stelle ist diese als meldende Stelle genannt."

    public static let noAutomatedDecision = "Es gibt keine automatisierte Entscheidung und kein Profiling (Art. 22 DSGVO)."

    /// The information of Art. 15 (1) a–h, after the data themselves; `recipients` as found in the case.
    public func sections(recipients: [String]) -> [Section] {
        let named = recipients.isEmpty ? "Bisher hat keine Stelle Angaben aus Ihrem Fall erhalten."
            : "Angaben aus Ihrem Fall haben erhalten: \(recipients.joined(separator: ", ")) (im Einzelnen oben unter „Weitergaben“)."
        return [
            Section(heading: "Verantwortliche Stelle", text: controller),
            Section(heading: "Zwecke", text: Self.purpose),
            Section(heading: "Rechtsgrundlage", text: Self.legalBasis),
            Section(heading: "Kategorien der Daten", text: Self.dataCategories),
            Section(heading: "Empfänger", text: named),
            Section(heading: "Speicherdauer", text: retention),
            Section(heading: "Herkunft der Daten", text: Self.source),
            Section(heading: "Ihre Rechte", text: Self.rights),
            Section(heading: "Automatisierte Entscheidungen", text: Self.noAutomatedDecision),
        ]
    }
}
