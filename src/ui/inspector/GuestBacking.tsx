/**
 * A guest irq's host side in the inspector: the host irq, host IRTE, eventfd and KVM route (or the
 * message the vIRTE hypercall returned, or the Hyper-V entry) that back it, or why nothing does.
 */
import { Fragment } from "react";
import type { GuestBackingView } from "../../sim/irq-detail";

export function GuestBacking({ b }: { readonly b: GuestBackingView }) {
  return (
    <div className="guest-backing" data-testid="irq-backing" data-backed={b.backed ? "yes" : "no"}>
      <h3>
        Backed on the host
        {b.backed ? null : (
          <span className="badge">{b.broken?.startsWith("silent") ? "silent failure" : "not backed"}</span>
        )}
      </h3>
      <p className="muted">{b.scheme}</p>
      {b.broken ? (
        <p className="guest-broken" data-testid="irq-backing-broken">
          {b.broken}
        </p>
      ) : null}
      {b.facts.length ? (
        <dl className="kv">
          {b.facts.map((f) => (
            <Fragment key={f.what}>
              <dt>{f.what}</dt>
              <dd className="mono">{f.value}</dd>
            </Fragment>
          ))}
        </dl>
      ) : null}
    </div>
  );
}
