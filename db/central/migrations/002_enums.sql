-- Enum types with the Eryxon seed's values (shared/domain/enums.ts is the TypeScript side).
-- app_role keeps the seed's 'operator' and 'admin' and adds the terminal's 'supervisor'.
CREATE TYPE task_status AS ENUM ('not_started', 'in_progress', 'completed', 'on_hold');
CREATE TYPE job_status AS ENUM ('not_started', 'in_progress', 'completed', 'on_hold');
CREATE TYPE issue_status AS ENUM ('pending', 'approved', 'rejected', 'closed');
CREATE TYPE issue_severity AS ENUM ('low', 'medium', 'high', 'critical');
CREATE TYPE app_role AS ENUM ('operator', 'admin', 'supervisor');
CREATE TYPE subscription_plan AS ENUM ('free', 'pro', 'premium', 'enterprise');
CREATE TYPE subscription_status AS ENUM ('active', 'cancelled', 'suspended', 'trial');
