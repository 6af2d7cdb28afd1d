/**
 * The end of the LSP lifecycle, which vscode-languageserver leaves to the server: after the
 * `shutdown` request, every request is answered InvalidRequest and every notification but `exit`
 * is dropped (an edit is not scored, a file event not followed). vscode-languageserver itself
 * answers `shutdown`, and in Node exits on `exit` with 0 after it and 1 without it (a Web Worker
 * is ended by its client). The work the server has under way then is stopped by its own shutdown
 * handler (startServer.ts).
 *
 * Held where every message enters the connection, so that no handler, registered by the server
 * or by the library, has to know.
 */
import { ErrorCodes, ExitNotification, Message, ResponseError, ShutdownRequest, type Connection, type ConnectionOptions, type RequestMessage } from 'vscode-languageserver';

/**
 * The method a request after shutdown is dispatched as, so that it is refused: the message
 * strategy passes messages on, and only a handler can answer one. No client sends it.
 */
const REFUSED_AFTER_SHUTDOWN = 'bimetal/$refusedAfterShutdown';

/** The connection `create` makes with the options given, answering as the lifecycle asks once shut down. */
export function connectionEndingAtShutdown(create: (options: ConnectionOptions) => Connection): Connection {
  let shutDown = false;
  const connection = create({
    messageStrategy: {
      handleMessage: (message, next) => {
        if (!shutDown) {
          shutDown = Message.isRequest(message) && message.method === ShutdownRequest.method;
          return next(message);
        }
        if (Message.isRequest(message)) {
          const refused: RequestMessage = { ...message, method: REFUSED_AFTER_SHUTDOWN, params: { method: message.method } };
          return next(refused);
        }
        if (Message.isNotification(message)) return message.method === ExitNotification.method ? next(message) : undefined;
        // An answer to one of the server's own requests still settles it.
        return next(message);
      },
    },
  });
  connection.onRequest(REFUSED_AFTER_SHUTDOWN, ({ method }: { method: string }) => {
    throw new ResponseError(ErrorCodes.InvalidRequest, `${method} after shutdown: the server takes only exit now`);
  });
  return connection;
}
