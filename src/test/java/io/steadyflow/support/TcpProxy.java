package io.steadyflow.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in the test's JVM between the application and a server that other tests
 * share (the local RabbitMQ broker), so that a test can cut the application off from it
 * without stopping it: {@link #refuse()} closes every connection and closes each new one
 * as soon as it is accepted (the server looks unreachable); {@link #pass()} pipes bytes
 * again. It listens on a port of its own on the loopback interface until
 * {@link #close()}.
 */
public final class TcpProxy implements AutoCloseable {

	private final ServerSocket server;

	private final String targetHost;

	private final int targetPort;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private volatile boolean passing;

	private TcpProxy(String targetHost, int targetPort, boolean passing) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.passing = passing;
		Thread acceptor = new Thread(this::accept, "tcp-proxy-" + port());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/** A proxy to the target that starts refusing. */
	public static TcpProxy refusing(String targetHost, int targetPort) {
		try {
			return new TcpProxy(targetHost, targetPort, false);
		}
		catch (IOException ex) {
			throw new IllegalStateException("No port for the proxy: " + ex.getMessage(), ex);
		}
	}

	public int port() {
		return this.server.getLocalPort();
	}

	/** Closes every connection, and every new one at once. */
	public void refuse() {
		this.passing = false;
		closeAll();
	}

	/** Accepts connections and pipes them to the target again. */
	public void pass() {
		this.passing = true;
	}

	/** Closes the connections open now; new ones are accepted as before. */
	public void closeAll() {
		for (Socket socket : Set.copyOf(this.open)) {
			closeQuietly(socket);
		}
	}

	/** How many piped connections are open (each one counts both of its sockets). */
	public int openSockets() {
		return this.open.size();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			Socket client;
			try {
				client = this.server.accept();
			}
			catch (IOException ex) {
				return;
			}
			if (!this.passing) {
				closeQuietly(client);
				continue;
			}
			try {
				Socket target = new Socket(this.targetHost, this.targetPort);
				this.open.add(client);
				this.open.add(target);
				pipe(client, target);
				pipe(target, client);
			}
			catch (IOException ex) {
				closeQuietly(client);
			}
		}
	}

	private void pipe(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// the other side closed, or the proxy cut the connection
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "tcp-proxy-pipe");
		thread.setDaemon(true);
		thread.start();
	}

	private void closeQuietly(Socket socket) {
		this.open.remove(socket);
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	@Override
	public void close() {
		this.passing = false;
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		closeAll();
	}

}
