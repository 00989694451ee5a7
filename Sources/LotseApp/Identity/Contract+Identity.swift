import LotseAPI
import Vapor

/// The identity operations of `openapi.yaml`, implemented by Lotse's identity handlers. The
/// compiler holds this to the generated `APIProtocol`: an operation, status or body kind that the
/// contract does not have does not compile; the handlers' answers are built in the contract's types
/// (`ContractAnswer`, in this area's `…Answers.swift`), so a field that differs does not compile either.
extension ContractHandler {
    /// POST /api/v1/auth/token: Zugriffstoken mit Benutzername, Passwort und TOTP-Code holen
    func issueToken(_ input: Operations.IssueToken.Input) async throws -> Operations.IssueToken.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(TokenAPIController().issue))))
    }

    /// DELETE /api/v1/auth/token: Das verwendete Token widerrufen
    func revokeToken(_ input: Operations.RevokeToken.Input) async throws -> Operations.RevokeToken.Output {
        try await CurrentRequest.get().answerEmpty(.noContent, TokenAPIController().revoke)
        return .noContent(.init())
    }

    /// GET /api/v1/me: Eigenes Konto, Rollen und Rechte
    func me(_ input: Operations.Me.Input) async throws -> Operations.Me.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(AccountAPIController().show))))
    }

    /// GET /api/v1/me/sessions: Eigene Browser-Sitzungen
    func mySessions(_ input: Operations.MySessions.Input) async throws -> Operations.MySessions.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(AccountAPIController().sessions))))
    }

    /// DELETE /api/v1/me/sessions/{sessionID}: Eigene Sitzung beenden
    func endMySession(_ input: Operations.EndMySession.Input) async throws -> Operations.EndMySession.Output {
        try await CurrentRequest.get().answerEmpty(.noContent, AccountAPIController().endSession)
        return .noContent(.init())
    }

    /// GET /api/v1/users: Benutzer*innen des Kreises
    func listUsers(_ input: Operations.ListUsers.Input) async throws -> Operations.ListUsers.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(UserAPIController().list))))
    }

    /// POST /api/v1/users: Benutzer*in mit Einmalpasswort anlegen
    func createUser(_ input: Operations.CreateUser.Input) async throws -> Operations.CreateUser.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(UserAPIController().create))))
    }

    /// GET /api/v1/users/{userID}: Eine Benutzer*in
    func getUser(_ input: Operations.GetUser.Input) async throws -> Operations.GetUser.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(UserAPIController().show))))
    }

    /// PATCH /api/v1/users/{userID}: Name, Rollen oder Status ändern; Deaktivieren beendet alle Sitzungen
    func updateUser(_ input: Operations.UpdateUser.Input) async throws -> Operations.UpdateUser.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(UserAPIController().update))))
    }

    /// POST /api/v1/users/{userID}/reset-access: Neues Einmalpasswort, TOTP neu einrichten, alle Sitzungen beenden
    func resetUserAccess(_ input: Operations.ResetUserAccess.Input) async throws -> Operations.ResetUserAccess.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(UserAPIController().resetAccess))))
    }

    /// GET /api/v1/grant-requests: Beantragte Rollen, die auf eine zweite Person warten
    func listGrantRequests(_ input: Operations.ListGrantRequests.Input) async throws -> Operations.ListGrantRequests.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(GrantRequestAPIController().list))))
    }

    /// POST /api/v1/grant-requests/{grantRequestID}/approve: Beantragte Rolle bestätigen
    func approveGrantRequest(_ input: Operations.ApproveGrantRequest.Input) async throws -> Operations.ApproveGrantRequest.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(GrantRequestAPIController().approve))))
    }

    /// POST /api/v1/grant-requests/{grantRequestID}/reject: Beantragte Rolle ablehnen
    func rejectGrantRequest(_ input: Operations.RejectGrantRequest.Input) async throws -> Operations.RejectGrantRequest.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(GrantRequestAPIController().reject))))
    }
}
