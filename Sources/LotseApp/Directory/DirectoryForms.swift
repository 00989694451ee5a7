import Foundation
import LotseCore
import Vapor

/// Turning form fields into directory inputs and inputs into template values, shared by the
/// directory pages.
enum DirectoryForms {
    static func options<V: Vocabulary>(_ type: V.Type, selected: Set<V>) -> [FormOption] {
        V.allCases.map { FormOption(value: $0.rawValue, label: $0.germanName, selected: selected.contains($0)) }
    }

    static func municipalityOptions(_ municipalities: [Municipality], selected: Set<UUID>) -> [FormOption] {
        municipalities.map { FormOption(value: $0.id?.uuidString ?? "", label: $0.name, selected: selected.contains($0.id ?? UUID())) }
    }

    static func vocabulary<V: Vocabulary>(_ fields: FormFields, _ name: String) -> Set<V> {
        Set(fields.all(name).compactMap(V.init(rawValue:)))
    }

    static func ids(_ fields: FormFields, _ name: String) -> Set<UUID> {
        Set(fields.all(name).compactMap(UUID.init(uuidString:)))
    }

    /// Languages as typed: "Deutsch, Arabisch; Englisch".
    static func languages(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == ";" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func isoDay(_ date: Date?) -> String { date.map(GermanFormat.isoDay) ?? "" }

    static func provider(from fields: FormFields) -> DirectoryCatalog.ProviderInput {
        DirectoryCatalog.ProviderInput(
            name: fields.text("name"), kind: ProviderKind(rawValue: fields.text("kind")), phone: fields.text("phone"),
            email: fields.text("email"), website: fields.text("website"), address: fields.text("address"),
            municipalityIDs: ids(fields, "municipalities"), isActive: fields.isActiveChoice)
    }

    static func service(from fields: FormFields, into failure: inout ValidationFailure) -> DirectoryCatalog.ServiceInput {
        func day(_ name: String) -> Date? {
            let text = fields.text(name)
            guard !text.isEmpty else { return nil }
            guard let date = GermanFormat.day(text) else {
                failure.add(name, "Bitte geben Sie das Datum als JJJJ-MM-TT an, z. B. 2026-11-24.")
                return nil
            }
            return date
        }
        return DirectoryCatalog.ServiceInput(
            providerID: fields.optionalID("providerId", into: &failure, message: "Bitte wählen Sie einen Träger aus der Liste."),
            name: fields.text("name"), details: fields.text("details"),
            lifeDomains: vocabulary(fields, "lifeDomains"), legalDomains: vocabulary(fields, "legalDomains"),
            targetGroups: vocabulary(fields, "targetGroups"), languages: languages(fields.text("languages")),
            municipalityIDs: ids(fields, "municipalities"), location: fields.text("location"), openingTimes: fields.text("openingTimes"),
            accessMode: AccessMode(rawValue: fields.text("accessMode")), validFrom: day("validFrom"), validTo: day("validTo"))
    }
}

extension DirectoryCatalog.ServiceInput {
    init(_ service: Service) {
        self.init(
            providerID: service.$provider.id, name: service.name, details: service.details,
            lifeDomains: Set(service.lifeDomains), legalDomains: Set(service.legalDomains), targetGroups: Set(service.targetGroups),
            languages: service.languages, municipalityIDs: Set(service.municipalityIDs), location: service.location,
            openingTimes: service.openingTimes, accessMode: service.accessMode,
            validFrom: service.validFrom.flatMap(GermanFormat.day), validTo: service.validTo.flatMap(GermanFormat.day))
    }
}

extension DirectoryCatalog.ProviderInput {
    init(_ provider: Provider) {
        self.init(name: provider.name, kind: provider.kind, phone: provider.phone, email: provider.email,
                  website: provider.website, address: provider.address, municipalityIDs: Set(provider.municipalityIDs), isActive: provider.isActive)
    }
}
