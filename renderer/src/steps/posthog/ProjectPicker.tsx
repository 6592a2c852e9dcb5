import { SelectField } from "../../components/fields";
import { useAppStore } from "../../store/context";

export function ProjectPicker() {
  const account = useAppStore((state) => state.account);
  const activity = useAppStore((state) => state.posthogActivity);
  const selectProject = useAppStore((state) => state.selectProject);
  if (!account) return null;

  if (account.projects.length === 0) {
    return (
      <p className="notice notice-warning">
        This key has access to no projects. Create a key that can read the
        target project.
      </p>
    );
  }

  return (
    <SelectField
      label="Project"
      hint="The new source and its tables are created in this project."
      value={account.projectId === null ? "" : String(account.projectId)}
      disabled={activity !== null}
      onChange={(value) => {
        if (value !== "") void selectProject(Number(value));
      }}
    >
      {account.projectId === null && (
        <option value="" disabled>
          Choose a project
        </option>
      )}
      {account.projects.map((project) => (
        <option key={project.id} value={project.id}>
          {project.organizationName
            ? `${project.name} (${project.organizationName})`
            : project.name}
        </option>
      ))}
    </SelectField>
  );
}
