import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'

/**
 * Reads a secret's string from AWS Secrets Manager with the SDK client: the function's credentials and region from
 * the Lambda environment, the endpoint from `AWS_ENDPOINT_URL_SECRETS_MANAGER` when set (the SDK reads it itself).
 */
export class SecretsManagerReader {
  constructor(private readonly client: SecretsManagerClient = new SecretsManagerClient({})) {}

  async getSecretString(secretId: string): Promise<string> {
    const out = await this.client.send(new GetSecretValueCommand({ SecretId: secretId }))
    if (typeof out.SecretString !== 'string') throw new Error('The secret has no string value')
    return out.SecretString
  }
}
