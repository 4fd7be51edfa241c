import { useShallow } from 'zustand/react/shallow';
import { useDeskStore } from '../store/DeskProvider';

/**
 * Says that the container engine does not answer and what to do about it. Remote workloads do not
 * need the engine, so the table stays below it.
 */
export function EngineBanner() {
  const engine = useDeskStore(useShallow((s) => (s.engine && !s.engine.available ? { endpoint: s.engine.endpoint, message: s.engine.message } : null)));
  if (!engine) return null;
  return (
    <section role="alert" className="engine-banner">
      <h2>Docker is not running</h2>
      {engine.message ? <p className="engine-message">{engine.message}</p> : null}
      <p>
        Start Docker Desktop, or the Docker service (<code>sudo systemctl start docker</code>), or Podman&apos;s API service (
        <code>podman system service --time=0</code>){engine.endpoint ? <> at {engine.endpoint}</> : null}. Container workloads cannot start,
        stop or update until it answers; remote workloads keep working. This page updates by itself when the engine is back.
      </p>
    </section>
  );
}
