/** The connection string in use: DATABASE_URL, or the embedded server's, resolved before the app module is built. */
export class DatabaseUrl {
  constructor(readonly value: string) {}
}
