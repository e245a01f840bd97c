import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose'

type JoseKey = Awaited<ReturnType<typeof importJWK>>

/** Claims a staff token carries: roles (SPO, POM, COM, ADMIN), prison and PDU scope, staff id. */
export interface StaffClaims {
  sub: string
  roles: string[]
  prisons: string[]
  pdus?: string[]
  staffId?: string
  name?: string
  email?: string
}

/**
 * The local stand-in for the staff identity provider: an ES256 key kept in `.local/dev-issuer.json`, tokens
 * issued with the template's own issuer and audience, and verified the way API Gateway's JWT authorizer does.
 */
export class DevIssuer {
  private constructor(
    readonly issuer: string,
    readonly audience: string[],
    private readonly privateKey: JoseKey,
    private readonly publicKey: JoseKey,
  ) {}

  static async open(keyFile: string, issuer: string, audience: string[]): Promise<DevIssuer> {
    let jwks: { privateJwk: JWK; publicJwk: JWK }
    if (existsSync(keyFile)) {
      jwks = JSON.parse(readFileSync(keyFile, 'utf8')) as typeof jwks
    } else {
      const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true })
      jwks = { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) }
      mkdirSync(dirname(keyFile), { recursive: true })
      writeFileSync(keyFile, JSON.stringify(jwks), { mode: 0o600 })
    }
    return new DevIssuer(
      issuer,
      audience,
      await importJWK(jwks.privateJwk, 'ES256'),
      await importJWK(jwks.publicJwk, 'ES256'),
    )
  }

  async issue(claims: StaffClaims, ttlSeconds = 8 * 3600): Promise<string> {
    return new SignJWT({
      roles: claims.roles,
      prisons: claims.prisons,
      pdus: claims.pdus ?? [],
      ...(claims.staffId ? { staff_id: claims.staffId } : {}),
      ...(claims.name ? { name: claims.name } : {}),
      ...(claims.email ? { email: claims.email } : {}),
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'omic-dev' })
      .setSubject(claims.sub)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.privateKey)
  }

  /** Returns the claims, or undefined when the token is missing, expired, or not ours. */
  async verify(authorization: string | undefined): Promise<JWTPayload | undefined> {
    const token = authorization?.replace(/^Bearer\s+/i, '')
    if (!token) return undefined
    try {
      const { payload } = await jwtVerify(token, this.publicKey, { issuer: this.issuer, audience: this.audience })
      return payload
    } catch {
      return undefined
    }
  }
}
