import type { PostHogRoute } from "../../../../shared/domain/connection";
import {
  RadioGroup,
  TextField,
  type RadioOption,
} from "../../components/fields";
import { useFormField } from "./form-hooks";

/**
 * Renders the choice of how PostHog's workers reach the database after setup,
 * which can differ from this machine's route.
 */
export function PostHogRouteFields() {
  const sshEnabled = useFormField("sshEnabled");
  const route = useFormField("routeKind");
  const host = useFormField("routeHost");
  const port = useFormField("routePort");

  const options: RadioOption<PostHogRoute["kind"]>[] = [
    {
      value: "same-tunnel",
      label: "Through the same bastion",
      hint: "PostHog opens the tunnel with the bastion settings above.",
      disabled: !sshEnabled.value,
    },
    {
      value: "direct",
      label: "Directly",
      hint: "The database host must accept connections from PostHog's servers.",
    },
    {
      value: "tunnel",
      label: "Through another bastion address",
      hint: "For a bastion that PostHog reaches at a different public address.",
    },
  ];

  return (
    <fieldset className="form-section">
      <legend>PostHog route</legend>
      <p className="hint">
        After setup, PostHog's cloud workers connect to the database themselves.
        The review step warns when this route cannot work, such as a private
        host without a tunnel.
      </p>
      <RadioGroup
        legend="How PostHog reaches the database"
        name="posthog-route"
        value={route.value}
        options={options}
        onChange={route.set}
      />
      {route.value === "tunnel" && (
        <div className="field-row nested-fields">
          <TextField
            label="Bastion address for PostHog"
            name="routeHost"
            placeholder="bastion.example.com"
            autoComplete="off"
            spellCheck={false}
            value={host.value}
            error={host.error}
            onChange={host.set}
          />
          <TextField
            label="Bastion port for PostHog"
            name="routePort"
            inputMode="numeric"
            className="input-short"
            value={port.value}
            error={port.error}
            onChange={port.set}
          />
        </div>
      )}
    </fieldset>
  );
}
